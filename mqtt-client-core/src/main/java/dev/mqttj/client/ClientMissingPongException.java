package dev.mqttj.client;

/**
 * Reported to the callback when the broker did not answer a PINGREQ within the keep-alive interval; the client then closes.
 */
public final class ClientMissingPongException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its standard message.
     */
    public ClientMissingPongException() {
        super("client missing pong: the broker did not answer PINGREQ within the keep-alive interval");
    }
}
