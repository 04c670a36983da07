package dev.mqttj.packet;

/**
 * An immutable, validated MQTT control packet. Every implementation validates its fields in its
 * constructor, so any instance can be encoded.
 *
 * <p>The fourteen records are {@link Connect}, {@link Connack}, {@link Pingreq}, {@link Pingresp},
 * {@link Disconnect} and, through {@link IdentifiedPacket}, {@link Publish}, {@link Puback}, {@link Pubrec},
 * {@link Pubrel}, {@link Pubcomp}, {@link Subscribe}, {@link Suback}, {@link Unsubscribe} and
 * {@link Unsuback}.
 */
public sealed interface Packet permits Connect, Connack, IdentifiedPacket, Pingreq, Pingresp, Disconnect {

    /**
     * Returns the type of this packet.
     *
     * @return the packet type, never null
     */
    PacketType type();
}
