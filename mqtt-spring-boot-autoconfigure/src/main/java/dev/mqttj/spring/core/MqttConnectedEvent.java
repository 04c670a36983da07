package dev.mqttj.spring.core;

/**
 * Published each time the MQTT connection is established (first connect and every reconnect).
 */
public final class MqttConnectedEvent extends MqttConnectionEvent {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The CONNACK session-present flag. */
    private final boolean resumed;

    /**
     * Creates the event.
     *
     * @param source the service that connected
     * @param resumed whether the broker resumed the stored session (CONNACK session present)
     */
    public MqttConnectedEvent(Object source, boolean resumed) {
        super(source);
        this.resumed = resumed;
    }

    /**
     * Tells whether the broker resumed a stored session, so subscriptions and queued messages survived.
     *
     * @return the CONNACK session-present flag
     */
    public boolean isResumed() {
        return this.resumed;
    }
}
