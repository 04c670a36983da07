package dev.mqttj.packet;

/** The fourteen MQTT 3.1.1 control packet types, with their wire codes 1..14. */
public enum PacketType {
    /** Client request to connect (1). */
    CONNECT,
    /** Connect acknowledgement (2). */
    CONNACK,
    /** Publish message (3). */
    PUBLISH,
    /** Publish acknowledgement, QoS 1 (4). */
    PUBACK,
    /** Publish received, QoS 2 part 1 (5). */
    PUBREC,
    /** Publish release, QoS 2 part 2 (6). */
    PUBREL,
    /** Publish complete, QoS 2 part 3 (7). */
    PUBCOMP,
    /** Subscribe request (8). */
    SUBSCRIBE,
    /** Subscribe acknowledgement (9). */
    SUBACK,
    /** Unsubscribe request (10). */
    UNSUBSCRIBE,
    /** Unsubscribe acknowledgement (11). */
    UNSUBACK,
    /** Ping request (12). */
    PINGREQ,
    /** Ping response (13). */
    PINGRESP,
    /** Client is disconnecting (14). */
    DISCONNECT;

    private static final PacketType[] BY_CODE = values();

    /**
     * Returns the wire code of this type (the high nibble of the fixed header's first byte).
     *
     * @return 1 for CONNECT up to 14 for DISCONNECT
     */
    public int code() {
        return ordinal() + 1;
    }

    /**
     * Returns the packet type with the given wire code.
     *
     * @param code the wire code, 1..14
     * @return the packet type
     * @throws IllegalArgumentException if {@code code} is not 1..14 (0 and 15 are reserved)
     */
    public static PacketType of(int code) {
        if (code < 1 || code > BY_CODE.length) {
            throw new IllegalArgumentException("fixed header: packet type must be 1..14 but was " + code);
        }
        return BY_CODE[code - 1];
    }
}
