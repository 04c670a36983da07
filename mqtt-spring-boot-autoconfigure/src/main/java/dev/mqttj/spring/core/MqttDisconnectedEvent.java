package dev.mqttj.spring.core;

/**
 * Published each time an established MQTT connection ends, lost or closed on shutdown.
 */
public final class MqttDisconnectedEvent extends MqttConnectionEvent {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    private final transient Throwable cause;

    /**
     * Creates the event.
     *
     * @param source the service that went offline
     * @param cause why the connection ended, or null when it was closed on purpose
     */
    public MqttDisconnectedEvent(Object source, Throwable cause) {
        super(source);
        this.cause = cause;
    }

    /**
     * Returns why the connection ended.
     *
     * @return the error, or null when it was closed on purpose
     */
    public Throwable getCause() {
        return this.cause;
    }
}
