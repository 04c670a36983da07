package dev.mqttj.client;

import java.time.Duration;

/**
 * The cause of a {@link Service} future canceled because the service was offline and its command
 * queue stayed full for the whole queue timeout.
 */
public final class QueueFullException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param queueSize the queue's capacity
     * @param waited how long the caller waited for room
     */
    public QueueFullException(int queueSize, Duration waited) {
        super("service queue full: " + queueSize + " commands wait for a connection and no room freed up within "
                + waited);
    }
}
