package dev.mqttj.packet;

/**
 * The PUBREL packet, which releases a QoS 2 PUBLISH after its PUBREC.
 *
 * @param id the packet id, 1..65535
 */
public record Pubrel(int id) implements IdentifiedPacket {

    /**
     * Validates and creates a PUBREL.
     *
     * @param id the packet id, 1..65535
     * @throws IllegalArgumentException if {@code id} is not 1..65535
     */
    public Pubrel {
        PacketIds.check("PUBREL", id);
    }

    /**
     * Returns {@link PacketType#PUBREL}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
