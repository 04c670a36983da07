package dev.mqttj.packet;

/**
 * The UNSUBACK packet, which acknowledges an UNSUBSCRIBE.
 *
 * @param id the packet id, 1..65535
 */
public record Unsuback(int id) implements IdentifiedPacket {

    /**
     * Validates and creates a UNSUBACK.
     *
     * @param id the packet id, 1..65535
     * @throws IllegalArgumentException if {@code id} is not 1..65535
     */
    public Unsuback {
        PacketIds.check("UNSUBACK", id);
    }

    /**
     * Returns {@link PacketType#UNSUBACK}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
