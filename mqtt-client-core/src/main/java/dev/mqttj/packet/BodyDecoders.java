package dev.mqttj.packet;

import java.util.Arrays;
import java.util.List;

/**
 * One small decoder per packet type, each reading exactly one packet body that the framing in
 * {@link PacketDecoder} has already bounded and whose fixed-header flags it has already checked.
 */
final class BodyDecoders {
    private static final int SUBSCRIBE_QOS_RESERVED = 0xFC;

    private BodyDecoders() {
    }

    /**
     * Decodes the body {@code reader} points at; {@code flags} is the fixed header's low nibble.
     * {@code separatePayload}, when not null, is the payload of a PUBLISH gathered on its own; the reader
     * then holds only the variable header.
     */
    static Packet decode(BodyReader reader, int flags, byte[] separatePayload) throws MalformedPacketException {
        Packet packet;
        try {
            packet = decodeFields(reader, flags, separatePayload);
        } catch (IllegalArgumentException e) {
            // Value rules (topic names, filters, client ids) live in the constructors alone, so each is
            // checked once; their messages already name the field: only the packet name is replaced.
            throw reader.error(withoutPacketName(e.getMessage()));
        }
        reader.expectEnd();
        return packet;
    }

    private static Packet decodeFields(BodyReader reader, int flags, byte[] separatePayload)
            throws MalformedPacketException {
        switch (reader.type()) {
            case CONNECT:
                return ConnectDecoding.decode(reader);
            case CONNACK:
                return connack(reader);
            case PUBLISH:
                return publish(reader, flags, separatePayload);
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

    private static Publish publish(BodyReader reader, int flags, byte[] separatePayload)
            throws MalformedPacketException {
        // The reader checks the topic name on its bytes, the fixed header the QoS, the remaining length the size.
        String topic = reader.repeatedTopicName("topic name");
        int qos = (flags >> 1) & 3;
        int id = qos > 0 ? reader.packetId() : 0;
        byte[] payload = separatePayload != null ? separatePayload : reader.rest();
        Message message = Message.checked(topic, payload, qos, (flags & 1) != 0);
        return new Publish(message, (flags & 0b1000) != 0, id);
    }

    private static Subscribe subscribe(BodyReader reader) throws MalformedPacketException {
        int id = reader.packetId();
        if (!reader.hasMore()) {
            throw reader.error("subscriptions must have at least one entry");
        }
        // Most SUBSCRIBE packets carry one to three filters: those go into the list without an array to grow.
        Subscription first = subscription(reader);
        if (!reader.hasMore()) {
            return new Subscribe(id, List.of(first));
        }
        Subscription second = subscription(reader);
        if (!reader.hasMore()) {
            return new Subscribe(id, List.of(first, second));
        }
        Subscription third = subscription(reader);
        if (!reader.hasMore()) {
            return new Subscribe(id, List.of(first, second, third));
        }
        Subscription[] subscriptions = new Subscription[8];
        subscriptions[0] = first;
        subscriptions[1] = second;
        subscriptions[2] = third;
        int count = 3;
        while (reader.hasMore()) {
            if (count == subscriptions.length) {
                subscriptions = Arrays.copyOf(subscriptions, count * 2);
            }
            subscriptions[count++] = subscription(reader);
        }
        return new Subscribe(id, immutableList(subscriptions, count));
    }

    private static Subscription subscription(BodyReader reader) throws MalformedPacketException {
        String filter = reader.topicFilter("topic filter");
        int qosByte = reader.u8("requested QoS");
        if ((qosByte & SUBSCRIBE_QOS_RESERVED) != 0) {
            throw reader.error("requested QoS reserved bits 7-2 must be 0 but byte was 0x"
                    + Integer.toHexString(qosByte));
        }
        if (qosByte == 3) {
            throw reader.error("requested QoS must be 0..2 but was 3");
        }
        return Subscription.checked(filter, qosByte);
    }

    private static Suback suback(BodyReader reader) throws MalformedPacketException {
        int id = reader.packetId();
        Integer[] codes = new Integer[4];
        int count = 0;
        while (reader.hasMore()) {
            int code = reader.u8("return code");
            if (!Suback.isValidCode(code)) {
                throw reader.error("return code must be 0, 1, 2 or 0x80 but was 0x" + Integer.toHexString(code));
            }
            if (count == codes.length) {
                codes = Arrays.copyOf(codes, count * 2);
            }
            codes[count++] = code;
        }
        if (count == 0) {
            throw reader.error("return codes must have at least one entry");
        }
        return new Suback(id, immutableList(codes, count));
    }

    private static Unsubscribe unsubscribe(BodyReader reader) throws MalformedPacketException {
        int id = reader.packetId();
        String[] filters = new String[4];
        int count = 0;
        while (reader.hasMore()) {
            if (count == filters.length) {
                filters = Arrays.copyOf(filters, count * 2);
            }
            filters[count++] = reader.string("topic filter"); // filter rules: checked by Unsubscribe
        }
        if (count == 0) {
            throw reader.error("topic filters must have at least one entry");
        }
        return new Unsubscribe(id, immutableList(filters, count));
    }

    /** An unmodifiable list the records' List.copyOf keeps as it is instead of copying it again. */
    private static <T> List<T> immutableList(T[] items, int count) {
        switch (count) {
            case 1:
                return List.of(items[0]);
            case 2:
                return List.of(items[0], items[1]);
            case 3:
                return List.of(items[0], items[1], items[2]);
            default:
                return List.of(count == items.length ? items : Arrays.copyOf(items, count));
        }
    }

    static String withoutPacketName(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
