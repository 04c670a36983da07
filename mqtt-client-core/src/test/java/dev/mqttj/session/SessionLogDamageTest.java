package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.Pingreq;

import dev.mqttj.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session logs written byte by byte: every kind of damage other than a torn last record must stop the open
 * with a {@link CorruptSessionException} at the right offset, and a torn last record is dropped with a warning.
 */
class SessionLogDamageTest {

    private static final IdentifiedPacket FIRST = TestPackets.publish(1, 1);
    private static final IdentifiedPacket SECOND = TestPackets.publish(2, 2);

    @TempDir
    Path directory;

    @Test
    void wellFormedHandWrittenLogReplays() throws IOException {
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 7), save(Direction.INCOMING, SECOND, 9));
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(FIRST);
            assertThat(session.allPackets(Direction.INCOMING)).containsExactly(SECOND);
            assertThat(session.nextId()).isEqualTo(9);
        }
    }

    @Test
    void unknownLogVersionIsRefused() throws IOException {
        writeLog(header((byte) (LogFormat.VERSION + 1)), save(Direction.OUTGOING, FIRST, 2));
        assertCorrupt(4, "unsupported session log version " + (LogFormat.VERSION + 1));
    }

    @Test
    void fileShorterThanItsHeaderIsRefused() throws IOException {
        writeLog(new byte[] {'M', 'Q', 'S', 'L', LogFormat.VERSION});
        assertCorrupt(0, "file shorter than its header");
    }

    @Test
    void unknownDirectionCodeIsRefused() throws IOException {
        byte[] body = body(LogFormat.TYPE_DELETE, 2, 0, 2, 0, 1);
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), record(body));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "unknown direction code 2");
    }

    @Test
    void deleteRecordOfTheWrongLengthIsRefusedEvenAsTheLastRecord() throws IOException {
        byte[] tooLong = body(LogFormat.TYPE_DELETE, LogFormat.directionCode(Direction.OUTGOING), 0, 2, 0, 1, 0);
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), record(tooLong));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "delete record of 7 bytes");

        byte[] tooShort = body(LogFormat.TYPE_DELETE, LogFormat.directionCode(Direction.OUTGOING), 0, 2, 0);
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), record(tooShort));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "delete record of 5 bytes");
    }

    @Test
    void unknownRecordTypeIsRefused() throws IOException {
        writeLog(header(LogFormat.VERSION), record(body(9, 0, 0, 1)));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE, "unknown record type 9");
    }

    @Test
    void storedPacketWithoutAnIdIsRefused() throws IOException {
        ByteBuffer ping = ByteBuffer.allocate(2);
        PacketEncoder.encode(new Pingreq(), ping);
        writeLog(header(LogFormat.VERSION), record(concat(body(LogFormat.TYPE_SAVE, 1, 0, 1), ping.array())));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE, "stored Pingreq has no packet id");
    }

    @Test
    void storedPacketWithIdZeroIsRefused() throws IOException {
        IdentifiedPacket qos0 = new dev.mqttj.packet.Publish(new dev.mqttj.packet.Message("t", null, 0, false), false, 0);
        ByteBuffer encoded = ByteBuffer.allocate(PacketEncoder.encodedLength(qos0));
        PacketEncoder.encode(qos0, encoded);
        writeLog(header(LogFormat.VERSION), record(concat(body(LogFormat.TYPE_SAVE, 1, 0, 1), encoded.array())));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE, "stored packet id 0 out of range");
    }

    @Test
    void storedPacketWithTheLargestIdReplays() throws IOException {
        IdentifiedPacket last = TestPackets.pubrel(dev.mqttj.packet.PacketIds.MAX);
        writeLog(header(LogFormat.VERSION), save(Direction.INCOMING, last, 1));
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.INCOMING)).containsExactly(last);
        }
    }

    @Test
    void undecodableStoredPacketIsRefusedWithTheDecoderErrorAsCause() throws IOException {
        writeLog(header(LogFormat.VERSION), record(body(LogFormat.TYPE_SAVE, 1, 0, 1, 0xF0, 0)));
        assertThatThrownBy(() -> FileSession.open(directory))
                .isInstanceOf(CorruptSessionException.class)
                .hasMessageContaining("undecodable packet")
                .cause().isNotNull();
    }

    @Test
    void zeroRecordHeaderFollowedByARecordIsRefused() throws IOException {
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2),
                new byte[LogFormat.RECORD_HEADER_SIZE], save(Direction.OUTGOING, SECOND, 3));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "damaged record header");
    }

    @Test
    void zeroRecordHeaderFollowedByOneNonZeroByteFarBehindIsRefused() throws IOException {
        // More zeros than one read of the tail check takes, then a single non-zero byte.
        byte[] tail = new byte[20_000];
        tail[tail.length - 1] = 1;
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), tail);
        assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "damaged record header");
    }

    @Test
    void recordLengthBelowTheBodyHeaderIsRefused() throws IOException {
        byte[] header = new byte[LogFormat.RECORD_HEADER_SIZE];
        ByteBuffer.wrap(header).putInt(3).putInt(~3).putInt(0);
        writeLog(header(LogFormat.VERSION), header, new byte[3], save(Direction.OUTGOING, FIRST, 2));
        assertCorrupt(LogFormat.FILE_HEADER_SIZE, "damaged record header");
    }

    @Test
    void completeButDamagedRecordHeaderAtTheEndIsRefused() throws IOException {
        // Twelve bytes hold a whole record header: damage in it is not a torn write.
        byte[] header = new byte[LogFormat.RECORD_HEADER_SIZE];
        ByteBuffer.wrap(header).putInt(20).putInt(~21).putInt(0);
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), header);
        assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "damaged record header");
    }

    @Test
    void recordHeaderOfTheLargestBodyWhoseBodyNeverLandedIsTorn() throws IOException {
        for (int length : new int[] {LogFormat.MAX_BODY_SIZE, LogFormat.MAX_BODY_SIZE + 1}) {
            byte[] header = new byte[LogFormat.RECORD_HEADER_SIZE];
            ByteBuffer.wrap(header).putInt(length).putInt(~length).putInt(0);
            writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), header);
            if (length == LogFormat.MAX_BODY_SIZE) {
                try (FileSession session = FileSession.open(directory)) {
                    assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(FIRST);
                }
            } else {
                assertCorrupt(LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST), "damaged record header");
            }
        }
    }

    @Test
    void tornLastRecordIsDroppedAndLogged() throws Exception {
        byte[] second = save(Direction.OUTGOING, SECOND, 3);
        byte[] torn = java.util.Arrays.copyOf(second, second.length - 1);
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2), torn);
        long validEnd = LogFormat.FILE_HEADER_SIZE + LogFormat.saveRecordSize(FIRST);
        List<LogRecord> warnings = captureWarnings(() -> {
            try (FileSession session = FileSession.open(directory)) {
                assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(FIRST);
            }
        });
        assertThat(Files.size(directory.resolve(FileSession.LOG_FILE))).isEqualTo(validEnd);
        assertThat(warnings).singleElement().satisfies(warning -> {
            assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
            assertThat(warning.getMessage())
                    .contains(String.valueOf(torn.length))
                    .contains("offset " + validEnd)
                    .contains(directory.resolve(FileSession.LOG_FILE).toString());
        });
    }

    @Test
    void intactLogLogsNothing() throws Exception {
        writeLog(header(LogFormat.VERSION), save(Direction.OUTGOING, FIRST, 2));
        List<LogRecord> warnings = captureWarnings(() -> FileSession.open(directory).close());
        assertThat(warnings).isEmpty();
    }

    private static List<LogRecord> captureWarnings(LogCapture.Action action) throws Exception {
        return LogCapture.during(FileSession.class.getName(), action);
    }

    private void assertCorrupt(long offset, String problem) {
        Path log = directory.resolve(FileSession.LOG_FILE);
        assertThatThrownBy(() -> FileSession.open(directory))
                .isInstanceOfSatisfying(CorruptSessionException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.file()).isEqualTo(log);
                })
                .hasMessage(problem + " at offset " + offset + " of " + log);
    }

    private void writeLog(byte[]... parts) throws IOException {
        Files.write(directory.resolve(FileSession.LOG_FILE), concat(parts));
    }

    private static byte[] header(byte version) {
        ByteBuffer buffer = ByteBuffer.allocate(LogFormat.FILE_HEADER_SIZE);
        LogFormat.putFileHeader(buffer);
        buffer.put(4, version);
        return buffer.array();
    }

    private static byte[] save(Direction direction, IdentifiedPacket packet, int nextId) {
        ByteBuffer buffer = ByteBuffer.allocate(LogFormat.saveRecordSize(packet));
        LogFormat.putSave(buffer, direction, packet, nextId);
        return buffer.array();
    }

    /** A record body from its bytes: type, direction, the counter's two bytes, then the payload. */
    private static byte[] body(int... bytes) {
        byte[] body = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            body[i] = (byte) bytes[i];
        }
        return body;
    }

    /** Frames a body with a consistent length, inverted length and checksum. */
    private static byte[] record(byte[] body) {
        ByteBuffer record = ByteBuffer.allocate(LogFormat.RECORD_HEADER_SIZE + body.length);
        record.putInt(body.length).putInt(~body.length).putInt(LogFormat.crc(ByteBuffer.wrap(body))).put(body);
        return record.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
