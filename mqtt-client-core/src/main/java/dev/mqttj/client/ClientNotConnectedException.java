package dev.mqttj.client;

/**
 * Thrown by publish, subscribe, unsubscribe and disconnect when the client is not connected (not yet acknowledged by the broker, or already closed).
 */
public final class ClientNotConnectedException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its standard message.
     */
    public ClientNotConnectedException() {
        super("client not connected");
    }

    /**
     * Creates the exception with a detail.
     *
     * @param detail what the client was doing, e.g. that it was closed while connecting
     */
    public ClientNotConnectedException(String detail) {
        super("client not connected: " + detail);
    }
}
