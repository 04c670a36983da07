package dev.mqttj.packet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one packet's body inside a larger buffer. It reads with absolute indexes, so it never
 * touches the buffer's position, limit or byte order, and it is reused for every packet of a connection.
 */
final class BodyReader {
    private static final int INITIAL_SCRATCH = 256;

    private ByteBuffer buf;
    private int pos;
    private int end;
    private PacketType type;
    private byte[] byteScratch = new byte[INITIAL_SCRATCH];
    private char[] charScratch = new char[INITIAL_SCRATCH];

    /** Points this reader at the body {@code buf[start, end)} of a packet of the given type. */
    void start(PacketType type, ByteBuffer buf, int start, int end) {
        this.type = type;
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** Drops the reference to the caller's buffer. */
    void finish() {
        buf = null;
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
        return buf.get(pos++) & 0xFF;
    }

    int u16(String field) throws MalformedPacketException {
        if (end - pos < 2) {
            throw error(field + " is truncated: needs 2 bytes but " + (end - pos) + " remain");
        }
        int value = (buf.get(pos) & 0xFF) << 8 | (buf.get(pos + 1) & 0xFF);
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
        int length = u16(field + " length");
        checkAvailable(field, length);
        byte[] data = new byte[length];
        buf.get(pos, data, 0, length);
        pos += length;
        return data;
    }

    /** Reads all bytes up to the end of the body into a new array. */
    byte[] rest() {
        byte[] data = new byte[end - pos];
        buf.get(pos, data, 0, data.length);
        pos = end;
        return data;
    }

    /**
     * Reads a length-prefixed MQTT UTF-8 string. ASCII (the common case) becomes a String with one copy and
     * no decoder; anything else goes through the strict decoder.
     */
    String string(String field) throws MalformedPacketException {
        int length = u16(field + " length");
        checkAvailable(field, length);
        byte[] bytes;
        int offset;
        if (buf.hasArray()) {
            bytes = buf.array();
            offset = buf.arrayOffset() + pos;
        } else {
            if (byteScratch.length < length) {
                byteScratch = new byte[Math.max(length, byteScratch.length * 2)];
            }
            buf.get(pos, byteScratch, 0, length);
            bytes = byteScratch;
            offset = 0;
        }
        pos += length;
        int asciiEnd = offset;
        int limit = offset + length;
        // A signed byte <= 0 is either U+0000 or the start of a multi-byte form: both leave the fast path.
        while (asciiEnd < limit && bytes[asciiEnd] > 0) {
            asciiEnd++;
        }
        if (asciiEnd == limit) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        if (charScratch.length < length) {
            charScratch = new char[Math.max(length, charScratch.length * 2)];
        }
        int chars = StrictUtf8.decode(bytes, offset, limit, asciiEnd, charScratch);
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

    MalformedPacketException error(String detail) {
        return new MalformedPacketException(type, detail);
    }

    private void checkAvailable(String field, int length) throws MalformedPacketException {
        if (length > end - pos) {
            throw error(field + " is truncated: declares " + length + " bytes but " + (end - pos) + " remain");
        }
    }
}
