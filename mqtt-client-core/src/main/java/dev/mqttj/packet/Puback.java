package dev.mqttj.packet;

/**
 * The PUBACK packet, which acknowledges a QoS 1 PUBLISH.
 *
 * @param id the packet id, 1..65535
 */
public record Puback(int id) implements IdentifiedPacket {

    /**
     * Validates and creates a PUBACK.
     *
     * @param id the packet id, 1..65535
     * @throws IllegalArgumentException if {@code id} is not 1..65535
     */
    public Puback {
        PacketIds.check("PUBACK", id);
    }

    /**
     * Returns {@link PacketType#PUBACK}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
