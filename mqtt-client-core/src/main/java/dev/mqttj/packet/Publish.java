package dev.mqttj.packet;

import java.util.Objects;

/**
 * The PUBLISH packet: an application message plus the session's delivery state (DUP flag, packet id).
 *
 * @param message the message, which carries topic, payload, QoS and retain flag
 * @param dup whether this is a redelivery; only with QoS 1 or 2
 * @param id 0 for QoS 0, else 1..65535
 */
public record Publish(Message message, boolean dup, int id) implements IdentifiedPacket {

    /**
     * Validates and creates a PUBLISH.
     *
     * @param message the message, which carries topic, payload, QoS and retain flag
     * @param dup whether this is a redelivery; only with QoS 1 or 2
     * @param id 0 for QoS 0, else 1..65535
     * @throws NullPointerException if {@code message} is null
     * @throws IllegalArgumentException if the id does not fit the QoS, or DUP is set on QoS 0
     */
    public Publish {
        Objects.requireNonNull(message, "PUBLISH: message must not be null");
        if (message.qos() == 0) {
            if (id != 0) {
                throw new IllegalArgumentException("PUBLISH: packet id must be 0 for QoS 0 but was " + id);
            }
            if (dup) {
                throw new IllegalArgumentException("PUBLISH: DUP flag must be 0 for QoS 0");
            }
        } else {
            PacketIds.check("PUBLISH", id);
        }
    }

    /**
     * Returns {@link PacketType#PUBLISH}.
     *
     * @return the packet type
     */
    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }
}
