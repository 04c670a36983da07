package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one packet's body inside a larger buffer. It reads with absolute indexes, so it never
 * touches the buffer's position, limit or byte order, and it is reused for every packet of a connection.
 */
final class BodyReader {
    private static final int INITIAL_SCRATCH = 256;
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private ByteBuffer buf;
    /** The heap buffer's backing array (indexes already shifted by its offset), or null for direct buffers. */
    private byte[] array;
    private int arrayOffset;
    private int pos;
    private int end;
    private PacketType type;
    /** Grown on first use: an idle connection's decoder should not hold scratch space it never needed. */
    private byte[] byteScratch = new byte[0];
    private char[] charScratch = new char[0];
    private final TopicNameCache topicNames = new TopicNameCache();
    /** Set by {@link #staged}. */
    private int stagedOffset;

    /** Points this reader at the body {@code buf[start, end)} of a packet of the given type. */
    void start(PacketType type, ByteBuffer buf, int start, int end) {
        this.type = type;
        this.buf = buf;
        if (buf.hasArray()) {
            array = buf.array();
            arrayOffset = buf.arrayOffset();
        } else {
            array = null;
            arrayOffset = 0;
        }
        this.pos = start;
        this.end = end;
    }

    /** Drops the reference to the caller's buffer. */
    void finish() {
        buf = null;
        array = null;
    }

    PacketType type() {
        return type;
    }

    boolean hasMore() {
        return pos < end;
    }

    int u8(String field) throws MalformedPacketException {
        if (pos >= end) {
            throw error(field + " is missing: the packet ends before it");
        }
        return byteAt(pos++);
    }

    int u16(String field) throws MalformedPacketException {
        if (end - pos < 2) {
            throw error(field + " is truncated: needs 2 bytes but " + (end - pos) + " remain");
        }
        return twoBytes();
    }

    /**
     * Reads the two-byte length prefix of {@code field} and checks that many bytes follow. The field name
     * is joined into an error text only on failure: this runs for every string of every packet.
     */
    private int prefixedLength(String field) throws MalformedPacketException {
        if (end - pos < 2) {
            throw error(field + " length is truncated: needs 2 bytes but " + (end - pos) + " remain");
        }
        int length = twoBytes();
        if (length > end - pos) {
            throw error(field + " is truncated: declares " + length + " bytes but " + (end - pos) + " remain");
        }
        return length;
    }

    /**
     * Reads a big-endian unsigned short the caller has proven present: from an array with one bounds-checked
     * load instead of two, which matters since every string and packet id starts with one.
     */
    private int twoBytes() {
        int value = array != null
                ? (char) (short) SHORTS.get(array, arrayOffset + pos)
                : (byteAt(pos) << 8 | byteAt(pos + 1));
        pos += 2;
        return value;
    }

    int packetId() throws MalformedPacketException {
        int id = u16("packet id");
        if (id == 0) {
            throw error("packet id must be 1..65535 but was 0");
        }
        return id;
    }

    /** Reads a length-prefixed binary field into a new array. */
    byte[] binary(String field) throws MalformedPacketException {
        int length = prefixedLength(field);
        byte[] data = copy(pos, length);
        pos += length;
        return data;
    }

    /** Reads all bytes up to the end of the body into a new array. */
    byte[] rest() {
        byte[] data = copy(pos, end - pos);
        pos = end;
        return data;
    }

    /**
     * Reads a length-prefixed MQTT UTF-8 string. ASCII (the common case) becomes a String with one copy and
     * no decoder; anything else goes through the strict decoder.
     */
    String string(String field) throws MalformedPacketException {
        int length = prefixedLength(field);
        return decodeString(field, length);
    }

    /**
     * Reads a length-prefixed MQTT UTF-8 string and refuses U+0000, so the result is a valid MQTT string
     * that needs no further check. Plain ASCII is proven on the bytes and becomes a String with one copy.
     */
    String checkedString(String field) throws MalformedPacketException {
        int length = prefixedLength(field);
        byte[] bytes = staged(length);
        int offset = stagedOffset;
        if (ByteScan.noneBelow(bytes, offset, offset + length, 1)) {
            pos += length;
            return latin1(bytes, offset, length);
        }
        String decoded = decodeString(field, length);
        String problem = MqttStrings.problem(decoded);
        if (problem != null) {
            throw error(field + " " + problem);
        }
        return decoded;
    }

    /**
     * Reads a topic name, checked against the topic name rules on its bytes. A name received recently is
     * returned as the same {@code String} again (see {@link TopicNameCache}): a stream of messages on a set of
     * topics then decodes and allocates each name once.
     */
    String repeatedTopicName(String field) throws MalformedPacketException {
        int length = prefixedLength(field);
        byte[] bytes = staged(length);
        int offset = stagedOffset;
        String cached = topicNames.get(bytes, offset, length);
        if (cached != null) {
            pos += length;
            return cached;
        }
        String decoded = decodeTopic(field, bytes, offset, length, false);
        topicNames.put(bytes, offset, length, decoded);
        return decoded;
    }

    /** Reads a topic name checked against the topic name rules. */
    String topicName(String field) throws MalformedPacketException {
        int length = prefixedLength(field);
        return decodeTopic(field, length, false);
    }

    /** Reads a topic filter checked against the topic filter rules. */
    String topicFilter(String field) throws MalformedPacketException {
        int length = prefixedLength(field);
        return decodeTopic(field, length, true);
    }

    /**
     * Moves past the next bytes if they are exactly {@code expected}, and tells whether it did; otherwise the
     * position stays. One comparison for a run of fields whose common values are known in advance.
     */
    boolean skipIfNext(byte[] expected) {
        int length = expected.length;
        if (end - pos < length) {
            return false;
        }
        byte[] bytes = staged(length);
        if (!Arrays.equals(bytes, stagedOffset, stagedOffset + length, expected, 0, length)) {
            return false;
        }
        pos += length;
        return true;
    }

    /**
     * Checks the rules on the bytes in the same pass that proves them ASCII; an ASCII string is then one
     * array copy. Anything else takes the strict UTF-8 decoder and the rules on the decoded chars, which
     * also word the reason for a refusal.
     */
    private String decodeTopic(String field, int length, boolean filter) throws MalformedPacketException {
        byte[] bytes = staged(length);
        return decodeTopic(field, bytes, stagedOffset, length, filter);
    }

    /** Like {@link #decodeTopic(String, int, boolean)} for bytes already {@link #staged}. */
    private String decodeTopic(String field, byte[] bytes, int offset, int length, boolean filter)
            throws MalformedPacketException {
        boolean ascii = filter ? TopicRules.isAsciiFilter(bytes, offset, offset + length)
                : TopicRules.isAsciiName(bytes, offset, offset + length);
        if (ascii) {
            pos += length;
            return latin1(bytes, offset, length);
        }
        String decoded = decodeString(field, length);
        String problem = filter ? MqttStrings.filterProblem(decoded) : MqttStrings.nameProblem(decoded);
        if (problem != null) {
            throw error(field + " " + problem);
        }
        return decoded;
    }

    /**
     * A string of bytes already proven ASCII. The deprecated high-byte constructor is the JDK's direct path to a
     * compact string (one array copy); the charset constructors dispatch on the charset first.
     */
    @SuppressWarnings("deprecation")
    private static String latin1(byte[] bytes, int offset, int length) {
        return new String(bytes, 0, offset, length);
    }

    /**
     * Makes the next {@code length} bytes readable as an array without moving the position: the heap
     * buffer's own array, or a copy in scratch space for a direct buffer. Their first index is left in
     * {@link #stagedOffset}.
     */
    private byte[] staged(int length) {
        if (array != null) {
            stagedOffset = arrayOffset + pos;
            return array;
        }
        if (byteScratch.length < length) {
            byteScratch = new byte[Math.max(Math.max(length, INITIAL_SCRATCH), byteScratch.length * 2)];
        }
        buf.get(pos, byteScratch, 0, length);
        stagedOffset = 0;
        return byteScratch;
    }

    private String decodeString(String field, int length) throws MalformedPacketException {
        byte[] bytes = staged(length);
        int offset = stagedOffset;
        pos += length;
        // US-ASCII decoding of pure ASCII is a vectorized check plus one copy. Any byte >= 0x80 becomes
        // U+FFFD, which pure ASCII can never produce, so its absence proves the fast path was right.
        String ascii = new String(bytes, offset, length, StandardCharsets.US_ASCII);
        if (ascii.indexOf('\uFFFD') < 0) {
            // U+0000 is left in on purpose: every string field goes into a constructor that refuses it.
            return ascii;
        }
        if (charScratch.length < length) {
            charScratch = new char[Math.max(Math.max(length, INITIAL_SCRATCH), charScratch.length * 2)];
        }
        int chars = StrictUtf8.decode(bytes, offset, offset + length, charScratch);
        if (chars < 0) {
            throw error(field + " " + StrictUtf8.describe(chars, bytes, offset));
        }
        return new String(charScratch, 0, chars);
    }

    /** Fails unless every byte of the body was consumed. */
    void expectEnd() throws MalformedPacketException {
        if (pos != end) {
            throw error("remaining length leaves " + (end - pos) + " trailing bytes after the last field");
        }
    }

    private int byteAt(int index) {
        return (array != null ? array[arrayOffset + index] : buf.get(index)) & 0xFF;
    }

    private byte[] copy(int from, int length) {
        if (array != null) {
            // copyOfRange lets the JIT skip zeroing the new array before filling it
            int start = arrayOffset + from;
            return Arrays.copyOfRange(array, start, start + length);
        }
        byte[] target = new byte[length];
        buf.get(from, target, 0, length);
        return target;
    }

    MalformedPacketException error(String detail) {
        return new MalformedPacketException(type, detail);
    }

}
