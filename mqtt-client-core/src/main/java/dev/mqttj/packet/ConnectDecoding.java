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
    private ConnectDecoding() {
    }

    static Connect decode(BodyReader reader) throws MalformedPacketException {
        String name = reader.string("protocol name");
        int level = reader.u8("protocol level");
        ProtocolVersion version = version(reader, name, level);
        int flags = reader.u8("connect flags");
        checkFlags(reader, flags);
        int keepAlive = reader.u16("keep alive");
        boolean cleanSession = (flags & FLAG_CLEAN_SESSION) != 0;

        String clientId = reader.string("client id");
        String problem = Connect.clientIdProblem(version, clientId, cleanSession);
        if (problem != null) {
            throw reader.error(problem);
        }
        Message will = null;
        if ((flags & FLAG_WILL) != 0) {
            String topic = reader.string("will topic");
            problem = TopicRules.nameProblem(topic);
            if (problem != null) {
                throw reader.error("will topic " + problem);
            }
            byte[] payload = reader.binary("will payload");
            will = new Message(topic, payload, (flags >> WILL_QOS_SHIFT) & 3, (flags & FLAG_WILL_RETAIN) != 0);
        }
        String username = (flags & FLAG_USERNAME) != 0 ? reader.string("username") : null;
        byte[] password = (flags & FLAG_PASSWORD) != 0 ? reader.binary("password") : null;
        return new Connect(version, clientId, keepAlive, cleanSession, will, username, password);
    }

    private static ProtocolVersion version(BodyReader reader, String name, int level)
            throws MalformedPacketException {
        ProtocolVersion v;
        if (ProtocolVersion.MQTT_3_1_1.protocolName().equals(name)) {
            v = ProtocolVersion.MQTT_3_1_1;
        } else if (ProtocolVersion.MQTT_3_1.protocolName().equals(name)) {
            v = ProtocolVersion.MQTT_3_1;
        } else {
            throw reader.error("protocol name must be MQTT or MQIsdp but was '" + name + "'");
        }
        if (v.level() != level) {
            throw reader.error("protocol level must be " + v.level() + " for protocol name " + name
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
