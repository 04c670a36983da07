package dev.mqttj.packet;

import static dev.mqttj.packet.ConnectEncoding.FLAG_CLEAN_SESSION;
import static dev.mqttj.packet.ConnectEncoding.FLAG_PASSWORD;
import static dev.mqttj.packet.ConnectEncoding.FLAG_RESERVED;
import static dev.mqttj.packet.ConnectEncoding.FLAG_USERNAME;
import static dev.mqttj.packet.ConnectEncoding.FLAG_WILL;
import static dev.mqttj.packet.ConnectEncoding.FLAG_WILL_RETAIN;
import static dev.mqttj.packet.ConnectEncoding.WILL_QOS_SHIFT;

/** Reads and checks a CONNECT body: protocol name and level, connect flags, then the payload fields. */
final class ConnectDecoding {
    /** How nearly every CONNECT body starts: the protocol name "MQTT" with its length prefix, then level 4. */
    private static final byte[] MQTT_3_1_1_START = {0, 4, 'M', 'Q', 'T', 'T', 4};

    private ConnectDecoding() {
    }

    static Connect decode(BodyReader reader) throws MalformedPacketException {
        ProtocolVersion version = version(reader);
        int flags = reader.u8("connect flags");
        checkFlags(reader, flags);
        int keepAlive = reader.u16("keep alive");
        boolean cleanSession = (flags & FLAG_CLEAN_SESSION) != 0;

        // Every string is checked on its bytes by the reader, so Connect need not check the decoded strings again.
        String clientId = reader.checkedString("client id");
        String problem = Connect.clientIdShapeProblem(version, clientId, cleanSession);
        if (problem != null) {
            throw reader.error(problem);
        }
        Message will = null;
        if ((flags & FLAG_WILL) != 0) {
            String topic = reader.topicName("will topic name");
            byte[] payload = reader.binary("will payload");
            will = Message.checked(topic, payload, (flags >> WILL_QOS_SHIFT) & 3, (flags & FLAG_WILL_RETAIN) != 0);
        }
        String username = (flags & FLAG_USERNAME) != 0 ? reader.checkedString("username") : null;
        // checkFlags refused a password without a username; both binary fields are at most 65535 bytes.
        byte[] password = (flags & FLAG_PASSWORD) != 0 ? reader.binary("password") : null;
        return Connect.checked(version, clientId, keepAlive, cleanSession, will, username, password);
    }

    /**
     * Reads protocol name and level. The usual 3.1.1 start is recognised on its bytes; anything else (3.1, or
     * a malformed start) is rare enough to decode the name and compare it.
     */
    private static ProtocolVersion version(BodyReader reader) throws MalformedPacketException {
        if (reader.skipIfNext(MQTT_3_1_1_START)) {
            return ProtocolVersion.MQTT_3_1_1;
        }
        String name = reader.string("protocol name");
        ProtocolVersion v;
        if (ProtocolVersion.MQTT_3_1_1.protocolName().equals(name)) {
            v = ProtocolVersion.MQTT_3_1_1;
        } else if (ProtocolVersion.MQTT_3_1.protocolName().equals(name)) {
            v = ProtocolVersion.MQTT_3_1;
        } else {
            throw reader.error("protocol name must be MQTT or MQIsdp but was '" + name + "'");
        }
        int level = reader.u8("protocol level");
        if (v.level() != level) {
            throw reader.error("protocol level must be " + v.level() + " for protocol name " + v.protocolName()
                    + " but was " + level);
        }
        return v;
    }

    private static void checkFlags(BodyReader reader, int flags) throws MalformedPacketException {
        if ((flags & FLAG_RESERVED) != 0) {
            throw reader.error("connect flags reserved bit 0 must be 0");
        }
        int willQos = (flags >> WILL_QOS_SHIFT) & 3;
        if ((flags & FLAG_WILL) == 0) {
            if (willQos != 0 || (flags & FLAG_WILL_RETAIN) != 0) {
                throw reader.error("connect flags will QoS and will retain must be 0 without the will flag");
            }
        } else if (willQos == 3) {
            throw reader.error("connect flags will QoS must be 0..2 but was 3");
        }
        if ((flags & FLAG_PASSWORD) != 0 && (flags & FLAG_USERNAME) == 0) {
            throw reader.error("connect flags password flag must not be set without the username flag");
        }
    }
}
