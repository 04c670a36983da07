package dev.mqttj.client;

/**
 * The common base of every error the client and service report. Each subclass stands for one of
 * gomqtt's error values, so callers can catch one kind or all of them.
 */
public class MqttClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public MqttClientException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public MqttClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
