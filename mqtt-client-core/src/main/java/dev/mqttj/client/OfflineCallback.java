package dev.mqttj.client;

/**
 * Called by a {@link Service} on its supervisor thread each time a connection that was online ends,
 * whether it was lost or the service was stopped.
 */
@FunctionalInterface
public interface OfflineCallback {

    /**
     * Reports that the service is offline.
     */
    void offline();
}
