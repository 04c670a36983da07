package dev.mqttj.packet;

/** The protocol versions this codec speaks, each with the name and level a CONNECT carries. */
public enum ProtocolVersion {
    /** MQTT 3.1: protocol level 3, protocol name "MQIsdp". */
    MQTT_3_1(3, "MQIsdp"),
    /** MQTT 3.1.1: protocol level 4, protocol name "MQTT". */
    MQTT_3_1_1(4, "MQTT");

    private final int level;
    private final String protocolName;

    ProtocolVersion(int level, String protocolName) {
        this.level = level;
        this.protocolName = protocolName;
    }

    /**
     * Returns the protocol level byte of this version.
     *
     * @return 3 for MQTT 3.1, 4 for MQTT 3.1.1
     */
    public int level() {
        return level;
    }

    /**
     * Returns the protocol name a CONNECT of this version carries.
     *
     * @return "MQIsdp" for MQTT 3.1, "MQTT" for MQTT 3.1.1
     */
    public String protocolName() {
        return protocolName;
    }

    /**
     * Returns the version with the given protocol level.
     *
     * @param level the protocol level byte
     * @return the matching version
     * @throws IllegalArgumentException if the level is neither 3 nor 4
     */
    public static ProtocolVersion ofLevel(int level) {
        if (level == 4) {
            return MQTT_3_1_1;
        }
        if (level == 3) {
            return MQTT_3_1;
        }
        throw new IllegalArgumentException("CONNECT: protocol level must be 3 or 4 but was " + level);
    }
}
