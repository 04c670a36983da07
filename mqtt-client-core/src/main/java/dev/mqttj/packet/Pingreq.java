package dev.mqttj.packet;

/** The PINGREQ packet, which a client sends to keep the connection alive. It has no fields: use {@link #INSTANCE}. */
public record Pingreq() implements Packet {
    /** The one instance needed; all instances are equal. */
    public static final Pingreq INSTANCE = new Pingreq();

    /**
     * Returns {@link PacketType#PINGREQ}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PINGREQ;
    }
}
