package dev.mqttj.client;

/**
 * Thrown by {@link Client#connect(Config)} when the client already made a connection attempt: a client is single-use.
 */
public final class ClientAlreadyConnectingException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its standard message.
     */
    public ClientAlreadyConnectingException() {
        super("client already connecting: a Client is single-use and connects once; create a new Client to connect"
                + " again, or use a Service, which reconnects by itself");
    }
}
