package dev.mqttj.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * One small decoder per packet type, each reading exactly one packet body that the framing in
 * {@link PacketDecoder} has already bounded and whose fixed-header flags it has already checked.
 */
final class BodyDecoders {
    private static final int SUBSCRIBE_QOS_RESERVED = 0xFC;

    private BodyDecoders() {
    }

    /** Decodes the body {@code reader} points at; {@code flags} is the fixed header's low nibble. */
    static Packet decode(BodyReader reader, int flags) throws MalformedPacketException {
        Packet packet;
        try {
            packet = decodeFields(reader, flags);
        } catch (IllegalArgumentException e) {
            // The checks below mirror the constructors', so this is only a safety net for a rule the
            // wire checks missed; it still turns into the checked exception the contract promises.
            throw reader.error(withoutPacketName(e.getMessage()));
        }
        reader.expectEnd();
        return packet;
    }

    private static Packet decodeFields(BodyReader reader, int flags) throws MalformedPacketException {
        switch (reader.type()) {
            case CONNECT:
                return ConnectDecoding.decode(reader);
            case CONNACK:
                return connack(reader);
            case PUBLISH:
                return publish(reader, flags);
            case PUBACK:
                return new Puback(reader.packetId());
            case PUBREC:
                return new Pubrec(reader.packetId());
            case PUBREL:
                return new Pubrel(reader.packetId());
            case PUBCOMP:
                return new Pubcomp(reader.packetId());
            case SUBSCRIBE:
                return subscribe(reader);
            case SUBACK:
                return suback(reader);
            case UNSUBSCRIBE:
                return unsubscribe(reader);
            case UNSUBACK:
                return new Unsuback(reader.packetId());
            case PINGREQ:
                return Pingreq.INSTANCE;
            case PINGRESP:
                return Pingresp.INSTANCE;
            default:
                return Disconnect.INSTANCE;
        }
    }

    private static Connack connack(BodyReader reader) throws MalformedPacketException {
        int ackFlags = reader.u8("acknowledge flags");
        if ((ackFlags & 0xFE) != 0) {
            throw reader.error("acknowledge flags reserved bits 7-1 must be 0 but flags were 0x"
                    + Integer.toHexString(ackFlags));
        }
        int code = reader.u8("return code");
        if (code > ConnackCode.NOT_AUTHORIZED.code()) {
            throw reader.error("return code must be 0..5 but was " + code);
        }
        return new Connack(ackFlags == 1, ConnackCode.of(code));
    }

    private static Publish publish(BodyReader reader, int flags) throws MalformedPacketException {
        String topic = reader.string("topic name");
        String problem = TopicRules.nameProblem(topic);
        if (problem != null) {
            throw reader.error("topic name " + problem);
        }
        int qos = (flags >> 1) & 3;
        int id = qos > 0 ? reader.packetId() : 0;
        Message message = new Message(topic, reader.rest(), qos, (flags & 1) != 0);
        return new Publish(message, (flags & 0b1000) != 0, id);
    }

    private static Subscribe subscribe(BodyReader reader) throws MalformedPacketException {
        int id = reader.packetId();
        List<Subscription> subscriptions = new ArrayList<>(4);
        while (reader.hasMore()) {
            String filter = reader.string("topic filter");
            String problem = TopicRules.filterProblem(filter);
            if (problem != null) {
                throw reader.error("topic filter " + problem);
            }
            int qosByte = reader.u8("requested QoS");
            if ((qosByte & SUBSCRIBE_QOS_RESERVED) != 0) {
                throw reader.error("requested QoS reserved bits 7-2 must be 0 but byte was 0x"
                        + Integer.toHexString(qosByte));
            }
            if (qosByte == 3) {
                throw reader.error("requested QoS must be 0..2 but was 3");
            }
            subscriptions.add(new Subscription(filter, qosByte));
        }
        if (subscriptions.isEmpty()) {
            throw reader.error("subscriptions must have at least one entry");
        }
        return new Subscribe(id, subscriptions);
    }

    private static Suback suback(BodyReader reader) throws MalformedPacketException {
        int id = reader.packetId();
        List<Integer> codes = new ArrayList<>(4);
        while (reader.hasMore()) {
            int code = reader.u8("return code");
            if (!Suback.isValidCode(code)) {
                throw reader.error("return code must be 0, 1, 2 or 0x80 but was 0x" + Integer.toHexString(code));
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw reader.error("return codes must have at least one entry");
        }
        return new Suback(id, codes);
    }

    private static Unsubscribe unsubscribe(BodyReader reader) throws MalformedPacketException {
        int id = reader.packetId();
        List<String> filters = new ArrayList<>(4);
        while (reader.hasMore()) {
            String filter = reader.string("topic filter");
            String problem = TopicRules.filterProblem(filter);
            if (problem != null) {
                throw reader.error("topic filter " + problem);
            }
            filters.add(filter);
        }
        if (filters.isEmpty()) {
            throw reader.error("topic filters must have at least one entry");
        }
        return new Unsubscribe(id, filters);
    }

    private static String withoutPacketName(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
