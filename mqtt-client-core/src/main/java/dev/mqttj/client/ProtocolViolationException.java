package dev.mqttj.client;

/**
 * The broker sent a packet MQTT 3.1.1 does not allow at that point, such as a PUBACK for a QoS 2
 * publish, a SUBACK whose return codes do not match the request, or a second CONNACK. The client
 * closes the connection and keeps the session's stored packets, so an unacknowledged message is
 * sent again on the next connection.
 */
public final class ProtocolViolationException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the broker sent and why it is wrong, naming the packet
     */
    public ProtocolViolationException(String message) {
        super("protocol violation by the broker: " + message);
    }
}
