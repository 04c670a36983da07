package dev.mqttj.client;

/**
 * The connection ended for a reason that is not itself an {@link MqttClientException}: a failed
 * dial, a read or write error, a malformed packet from the broker, or an exception thrown by a
 * message callback. The original failure is the cause.
 */
public final class ConnectionLostException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what what was lost or failed, e.g. {@code "connection lost"}
     * @param cause the underlying failure
     */
    public ConnectionLostException(String what, Throwable cause) {
        super(what + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /**
     * Returns {@code error} itself when it is an {@link MqttClientException}, else wraps it.
     *
     * @param what what was lost or failed, used when wrapping
     * @param error the failure
     * @return an exception of the client's model carrying {@code error}
     */
    static MqttClientException of(String what, Throwable error) {
        return error instanceof MqttClientException ? (MqttClientException) error : new ConnectionLostException(what, error);
    }
}
