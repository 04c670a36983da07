package dev.mqttj.packet;

/** The DISCONNECT packet, which a client sends before it closes the connection cleanly. It has no fields: use {@link #INSTANCE}. */
public record Disconnect() implements Packet {
    /** The one instance needed; all instances are equal. */
    public static final Disconnect INSTANCE = new Disconnect();

    /**
     * Returns {@link PacketType#DISCONNECT}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
