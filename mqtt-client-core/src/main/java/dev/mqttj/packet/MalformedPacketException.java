package dev.mqttj.packet;

import java.io.IOException;

/**
 * Thrown when bytes read from the network do not form a valid MQTT packet. The message names the packet
 * type and the field at fault, e.g. {@code "PUBLISH: topic name contains wildcard '+' at index 2"}. A
 * connection that sees this exception must be closed: the stream position is no longer trustworthy.
 */
public class MalformedPacketException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient PacketType packetType;

    /**
     * Creates an exception for a violation in a packet of the given type.
     *
     * @param packetType the type of the offending packet, or null if the type itself is unknown or invalid
     * @param detail what is wrong, naming the field; prefixed with the packet type in {@link #getMessage()}
     */
    public MalformedPacketException(PacketType packetType, String detail) {
        super(packetType == null ? detail : packetType.name() + ": " + detail);
        this.packetType = packetType;
    }

    /**
     * Returns the type of the offending packet.
     *
     * @return the packet type, or null if the fixed header's type itself was invalid
     */
    public PacketType packetType() {
        return packetType;
    }
}
