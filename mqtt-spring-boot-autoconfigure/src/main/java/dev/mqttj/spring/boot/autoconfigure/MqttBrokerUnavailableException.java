package dev.mqttj.spring.boot.autoconfigure;

/**
 * Thrown at startup when {@code mqtt.fail-fast} is true and no broker could be reached within the
 * connect timeout.
 */
public final class MqttBrokerUnavailableException extends IllegalStateException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which broker was not reached and what to do about it
     * @param cause the last connection error, or null
     */
    public MqttBrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
