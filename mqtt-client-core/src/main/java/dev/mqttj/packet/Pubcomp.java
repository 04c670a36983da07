package dev.mqttj.packet;

/**
 * The PUBCOMP packet, which completes a QoS 2 exchange.
 *
 * @param id the packet id, 1..65535
 */
public record Pubcomp(int id) implements IdentifiedPacket {

    /**
     * Validates and creates a PUBCOMP.
     *
     * @param id the packet id, 1..65535
     * @throws IllegalArgumentException if {@code id} is not 1..65535
     */
    public Pubcomp {
        PacketIds.check("PUBCOMP", id);
    }

    /**
     * Returns {@link PacketType#PUBCOMP}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
