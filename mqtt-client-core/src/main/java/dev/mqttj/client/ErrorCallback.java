package dev.mqttj.client;

/**
 * Receives the errors a {@link Service} recovers from by itself: failed connection attempts, lost
 * connections, failed resubscriptions. Called on the service's threads; keep it short.
 */
@FunctionalInterface
public interface ErrorCallback {

    /**
     * Reports an error.
     *
     * @param error what went wrong
     */
    void error(Throwable error);
}
