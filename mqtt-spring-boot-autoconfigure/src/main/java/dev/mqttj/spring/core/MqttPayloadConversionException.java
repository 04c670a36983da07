package dev.mqttj.spring.core;

/**
 * Thrown by an {@link MqttPayloadConverter} when a value or payload cannot be converted.
 */
public class MqttPayloadConversionException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be converted
     * @param cause the underlying failure, or null
     */
    public MqttPayloadConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
