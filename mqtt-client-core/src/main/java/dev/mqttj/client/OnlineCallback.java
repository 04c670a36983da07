package dev.mqttj.client;

/**
 * Called by a {@link Service} each time it is connected, on the service's supervisor thread, before
 * it resubscribes and sends queued commands. Commands issued here are queued and sent right after;
 * waiting on their futures here would deadlock, so {@link GenericFuture#await} refuses it.
 */
@FunctionalInterface
public interface OnlineCallback {

    /**
     * Reports that the service is online.
     *
     * @param resumed whether the broker resumed a stored session (CONNACK session-present flag)
     */
    void online(boolean resumed);
}
