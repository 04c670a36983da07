package dev.mqttj.packet;

/**
 * The PUBREC packet, which is the first acknowledgement of a QoS 2 PUBLISH.
 *
 * @param id the packet id, 1..65535
 */
public record Pubrec(int id) implements IdentifiedPacket {

    /**
     * Validates and creates a PUBREC.
     *
     * @param id the packet id, 1..65535
     * @throws IllegalArgumentException if {@code id} is not 1..65535
     */
    public Pubrec {
        PacketIds.check("PUBREC", id);
    }

    /**
     * Returns {@link PacketType#PUBREC}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
