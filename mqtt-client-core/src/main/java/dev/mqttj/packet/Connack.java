package dev.mqttj.packet;

import java.util.Objects;

/**
 * The CONNACK packet a broker answers a CONNECT with.
 *
 * @param sessionPresent whether the broker kept a session for this client (a broker sends false with a refusal)
 * @param returnCode whether the connection was accepted, and why not
 */
public record Connack(boolean sessionPresent, ConnackCode returnCode) implements Packet {

    /**
     * Validates and creates a CONNACK.
     *
     * @param sessionPresent whether the broker kept a session for this client (a broker sends false with a refusal)
     * @param returnCode whether the connection was accepted, and why not
     * @throws NullPointerException if {@code returnCode} is null
     */
    public Connack {
        Objects.requireNonNull(returnCode, "CONNACK: return code must not be null");
    }

    /**
     * Returns {@link PacketType#CONNACK}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
