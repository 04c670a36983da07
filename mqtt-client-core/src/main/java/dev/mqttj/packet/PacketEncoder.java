package dev.mqttj.packet;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes packets into their MQTT wire form. Static methods only; thread-safe.
 *
 * <p>The remaining length is computed first, then the packet is written straight into the caller's buffer:
 * strings go in as UTF-8 without temporary arrays, so encoding into a reused buffer allocates nothing.
 */
public final class PacketEncoder {
    private static final int FLAGS_0010 = 0b0010;

    private PacketEncoder() {
    }

    /**
     * Returns the length of the encoded packet, fixed header included.
     *
     * @param p the packet
     * @return the number of bytes {@link #encode(Packet, ByteBuffer)} writes
     * @throws NullPointerException if {@code p} is null
     */
    public static int encodedLength(Packet p) {
        return wholeLength(remainingLength(p));
    }

    /**
     * Writes the packet at the buffer's position and advances the position by {@link #encodedLength}.
     *
     * @param p the packet
     * @param out the target buffer, heap or direct
     * @throws BufferOverflowException if {@code out} has less room than the packet needs; nothing is
     *     written then
     * @throws java.nio.ReadOnlyBufferException if {@code out} is read-only
     */
    public static void encode(Packet p, ByteBuffer out) {
        int remaining = remainingLength(p);
        if (out.remaining() < wholeLength(remaining)) {
            throw new BufferOverflowException();
        }
        switch (p.type()) {
            case CONNECT:
                ConnectEncoding.write((Connect) p, remaining, out);
                break;
            case CONNACK: {
                Connack c = (Connack) p;
                out.put((byte) (PacketType.CONNACK.code() << 4)).put((byte) 2);
                out.put((byte) (c.sessionPresent() ? 1 : 0)).put((byte) c.returnCode().code());
                break;
            }
            case PUBLISH: {
                Publish pub = (Publish) p;
                writePublish(pub.message(), pub.dup(), pub.id(), remaining, out);
                break;
            }
            case PUBREL:
                writeIdOnly(PacketType.PUBREL, FLAGS_0010, ((IdentifiedPacket) p).id(), out);
                break;
            case PUBACK:
            case PUBREC:
            case PUBCOMP:
            case UNSUBACK:
                writeIdOnly(p.type(), 0, ((IdentifiedPacket) p).id(), out);
                break;
            case SUBSCRIBE: {
                Subscribe s = (Subscribe) p;
                writeHeader(PacketType.SUBSCRIBE, FLAGS_0010, remaining, out);
                putU16(s.id(), out);
                List<Subscription> subscriptions = s.subscriptions();
                for (int i = 0, n = subscriptions.size(); i < n; i++) {
                    Subscription sub = subscriptions.get(i);
                    Utf8.writeString(sub.topicFilter(), out);
                    out.put((byte) sub.qos());
                }
                break;
            }
            case SUBACK: {
                Suback s = (Suback) p;
                writeHeader(PacketType.SUBACK, 0, remaining, out);
                putU16(s.id(), out);
                List<Integer> codes = s.returnCodes();
                for (int i = 0, n = codes.size(); i < n; i++) {
                    out.put((byte) codes.get(i).intValue());
                }
                break;
            }
            case UNSUBSCRIBE: {
                Unsubscribe u = (Unsubscribe) p;
                writeHeader(PacketType.UNSUBSCRIBE, FLAGS_0010, remaining, out);
                putU16(u.id(), out);
                List<String> filters = u.topicFilters();
                for (int i = 0, n = filters.size(); i < n; i++) {
                    Utf8.writeString(filters.get(i), out);
                }
                break;
            }
            default: // PINGREQ, PINGRESP, DISCONNECT: a fixed header with no body
                out.put((byte) (p.type().code() << 4)).put((byte) 0);
                break;
        }
    }

    /**
     * Encodes the packet into a new array of exactly {@link #encodedLength} bytes.
     *
     * @param p the packet
     * @return the encoded packet
     * @throws NullPointerException if {@code p} is null
     */
    public static byte[] encode(Packet p) {
        byte[] bytes = new byte[encodedLength(p)];
        encode(p, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /**
     * Returns the encoded length of a PUBLISH of {@code m} with packet id {@code id}, without creating a
     * {@link Publish}.
     *
     * @param m the message
     * @param id the packet id: 0 for QoS 0, else 1..65535
     * @return the length of the whole PUBLISH packet, fixed header included
     * @throws IllegalArgumentException if the id does not fit the message's QoS
     */
    public static int publishLength(Message m, int id) {
        checkPublishId(m, false, id);
        return wholeLength(publishRemainingLength(m));
    }

    /**
     * Writes a PUBLISH of {@code m} without creating a {@link Publish}: the allocation-free path for
     * sending. Same contract as {@link #encode(Packet, ByteBuffer)}.
     *
     * @param m the message
     * @param dup the DUP flag; only with QoS 1 or 2
     * @param id the packet id: 0 for QoS 0, else 1..65535
     * @param out the target buffer
     * @throws IllegalArgumentException if the id or DUP flag does not fit the message's QoS
     * @throws BufferOverflowException if {@code out} lacks room; nothing is written then
     */
    public static void encodePublish(Message m, boolean dup, int id, ByteBuffer out) {
        checkPublishId(m, dup, id);
        int remaining = publishRemainingLength(m);
        if (out.remaining() < wholeLength(remaining)) {
            throw new BufferOverflowException();
        }
        writePublish(m, dup, id, remaining, out);
    }

    private static void checkPublishId(Message m, boolean dup, int id) {
        if (m.qos() == 0) {
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

    private static void writePublish(Message m, boolean dup, int id, int remaining, ByteBuffer out) {
        int flags = (dup ? 0b1000 : 0) | (m.qos() << 1) | (m.retain() ? 1 : 0);
        writeHeader(PacketType.PUBLISH, flags, remaining, out);
        Utf8.writeString(m.topic(), out);
        if (m.qos() > 0) {
            putU16(id, out);
        }
        out.put(m.payload());
    }

    private static void writeIdOnly(PacketType type, int flags, int id, ByteBuffer out) {
        out.put((byte) (type.code() << 4 | flags)).put((byte) 2);
        putU16(id, out);
    }

    static void writeHeader(PacketType type, int flags, int remaining, ByteBuffer out) {
        out.put((byte) (type.code() << 4 | flags));
        RemainingLength.write(remaining, out);
    }

    /** Writes a big-endian 16-bit value whatever the buffer's byte order. */
    static void putU16(int value, ByteBuffer out) {
        out.put((byte) (value >>> 8)).put((byte) value);
    }

    private static int wholeLength(int remaining) {
        return 1 + RemainingLength.size(remaining) + remaining;
    }

    private static int publishRemainingLength(Message m) {
        return 2 + Utf8.length(m.topic()) + (m.qos() > 0 ? 2 : 0) + m.payload().length;
    }

    private static int remainingLength(Packet p) {
        switch (p.type()) {
            case CONNECT:
                return ConnectEncoding.remainingLength((Connect) p);
            case PUBLISH:
                return publishRemainingLength(((Publish) p).message());
            case SUBSCRIBE: {
                List<Subscription> subscriptions = ((Subscribe) p).subscriptions();
                int length = 2;
                for (int i = 0, n = subscriptions.size(); i < n; i++) {
                    length += 3 + Utf8.length(subscriptions.get(i).topicFilter());
                }
                return length;
            }
            case SUBACK:
                return 2 + ((Suback) p).returnCodes().size();
            case UNSUBSCRIBE: {
                List<String> filters = ((Unsubscribe) p).topicFilters();
                int length = 2;
                for (int i = 0, n = filters.size(); i < n; i++) {
                    length += 2 + Utf8.length(filters.get(i));
                }
                return length;
            }
            case PINGREQ:
            case PINGRESP:
            case DISCONNECT:
                return 0;
            default: // CONNACK and the packets that carry only a packet id
                return 2;
        }
    }
}
