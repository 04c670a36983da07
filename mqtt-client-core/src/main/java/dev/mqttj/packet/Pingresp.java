package dev.mqttj.packet;

/** The PINGRESP packet, which a broker answers a PINGREQ with. It has no fields: use {@link #INSTANCE}. */
public record Pingresp() implements Packet {
    /** The one instance needed; all instances are equal. */
    public static final Pingresp INSTANCE = new Pingresp();

    /**
     * Returns {@link PacketType#PINGRESP}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PINGRESP;
    }
}
