package dev.mqttj.packet;

/** Packets that carry a packet identifier ({@link Publish} returns 0 for QoS 0). */
public sealed interface IdentifiedPacket extends Packet permits Publish, Puback, Pubrec, Pubrel, Pubcomp,
        Subscribe, Suback, Unsubscribe, Unsuback {

    /**
     * Returns the packet identifier.
     *
     * @return 1..65535, or 0 for a QoS 0 {@link Publish}
     */
    int id();
}
