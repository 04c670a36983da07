package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.PacketEncoder;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk format of a {@link FileSession} log.
 *
 * <pre>
 * file   := header record*
 * header := magic "MQSL" (4) | version (1) | 3 zero bytes
 * record := length (int) | ~length (int) | crc32c(body) (int) | body      -- big-endian
 * body   := type (1) | direction (1) | next id of the counter (2) | payload
 * payload:= SAVE: the packet as encoded by PacketEncoder | DELETE: packet id (2) | COUNTER: nothing
 * </pre>
 *
 * The inverted length lets replay tell a damaged length from a record cut short at the end of the
 * file: a torn record can only be the last one, and its length is intact whenever its header is.
 * Every record carries the id counter, so the counter survives a restart without a write per id.
 */
final class LogFormat {

    static final int MAGIC = 0x4D51534C; // "MQSL"
    static final byte VERSION = 1;
    static final int FILE_HEADER_SIZE = 8;
    static final int RECORD_HEADER_SIZE = 12;
    static final int BODY_HEADER_SIZE = 4;
    /** MQTT's largest packet (256 MiB remaining length + 5 header bytes) plus the body header. */
    static final int MAX_BODY_SIZE = BODY_HEADER_SIZE + 268_435_455 + 5;

    static final byte TYPE_SAVE = 1;
    static final byte TYPE_DELETE = 2;
    static final byte TYPE_COUNTER = 3;

    private LogFormat() {
    }

    static void putFileHeader(ByteBuffer buffer) {
        buffer.putInt(MAGIC).put(VERSION).put((byte) 0).put((byte) 0).put((byte) 0);
    }

    /** Returns the bytes a SAVE record of {@code packet} takes in the log. */
    static int saveRecordSize(IdentifiedPacket packet) {
        return RECORD_HEADER_SIZE + BODY_HEADER_SIZE + PacketEncoder.encodedLength(packet);
    }

    static void putSave(ByteBuffer buffer, Direction direction, IdentifiedPacket packet, int nextId) {
        int start = beginRecord(buffer, TYPE_SAVE, direction, nextId);
        PacketEncoder.encode(packet, buffer);
        endRecord(buffer, start);
    }

    static void putDelete(ByteBuffer buffer, Direction direction, int id, int nextId) {
        int start = beginRecord(buffer, TYPE_DELETE, direction, nextId);
        buffer.putShort((short) id);
        endRecord(buffer, start);
    }

    static void putCounter(ByteBuffer buffer, int nextId) {
        endRecord(buffer, beginRecord(buffer, TYPE_COUNTER, Direction.OUTGOING, nextId));
    }

    static byte directionCode(Direction direction) {
        return (byte) direction.ordinal();
    }

    /** Returns the direction for a code, or null when the code is unknown. */
    static Direction direction(int code) {
        return code == 0 ? Direction.INCOMING : code == 1 ? Direction.OUTGOING : null;
    }

    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static int beginRecord(ByteBuffer buffer, byte type, Direction direction, int nextId) {
        int start = buffer.position();
        buffer.position(start + RECORD_HEADER_SIZE);
        buffer.put(type).put(directionCode(direction)).putShort((short) nextId);
        return start;
    }

    private static void endRecord(ByteBuffer buffer, int start) {
        int end = buffer.position();
        int length = end - start - RECORD_HEADER_SIZE;
        ByteBuffer body = buffer.duplicate().position(start + RECORD_HEADER_SIZE).limit(end);
        buffer.putInt(start, length).putInt(start + 4, ~length).putInt(start + 8, crc(body));
    }
}
