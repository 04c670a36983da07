package dev.mqttj.client;

import dev.mqttj.packet.PacketType;

/**
 * Reported to the callback when the broker's first packet was not a CONNACK; the client then closes.
 */
public final class ClientExpectedConnackException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /** The type of the packet that arrived instead of CONNACK. */
    private final PacketType received;

    /**
     * Creates the exception.
     *
     * @param received the type of the packet that arrived instead
     */
    public ClientExpectedConnackException(PacketType received) {
        super("client expected connack but received " + received);
        this.received = received;
    }

    /**
     * Returns the type of the packet that arrived instead of CONNACK.
     *
     * @return the packet type
     */
    public PacketType received() {
        return received;
    }
}
