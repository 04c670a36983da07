package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.PacketIds;
import dev.mqttj.packet.Publish;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers a {@link FileSession} keeps about its log: the live bytes that decide when to compact (also after
 * a replay), the id counter at its edges, the files it holds open, and what a closed or failed log refuses.
 */
class FileSessionBookkeepingTest {

    /** Log size of a fresh session: the file header and one COUNTER record. */
    private static final long EMPTY_LOG = LogFormat.FILE_HEADER_SIZE + LogFormat.RECORD_HEADER_SIZE
            + LogFormat.BODY_HEADER_SIZE;
    private static final long DELETE_RECORD = LogFormat.RECORD_HEADER_SIZE + LogFormat.BODY_HEADER_SIZE + 2;

    @TempDir
    Path directory;

    @Test
    void replayCountsTheLiveBytesOfSavesReplacementsAndDeletes() throws IOException {
        IdentifiedPacket first = TestPackets.publish(1, 10);
        IdentifiedPacket replacement = TestPackets.publish(1, 11);
        try (FileSession session = FileSession.open(directory)) {
            session.savePacket(Direction.OUTGOING, first);
            session.savePacket(Direction.OUTGOING, replacement);
            session.savePacket(Direction.INCOMING, TestPackets.pubrel(2));
            session.savePacket(Direction.OUTGOING, TestPackets.publish(3, 12));
            session.deletePacket(Direction.OUTGOING, 3);
        }
        PacketStore incoming = new PacketStore();
        PacketStore outgoing = new PacketStore();
        IdCounter counter = new IdCounter();
        Path log = directory.resolve(FileSession.LOG_FILE);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            LogReplay replay = LogReplay.replay(log, channel, incoming, outgoing, counter);
            assertThat(replay.validEnd()).isEqualTo(Files.size(log));
            assertThat(replay.liveBytes()).isEqualTo(LogFormat.FILE_HEADER_SIZE
                    + LogFormat.saveRecordSize(replacement) + LogFormat.saveRecordSize(TestPackets.pubrel(2)));
        }
        assertThat(outgoing.all()).containsExactly(replacement);
        assertThat(incoming.all()).containsExactly(TestPackets.pubrel(2));
    }

    @Test
    void replayIgnoresADeleteOfAnIdItDoesNotHold() throws IOException {
        try (FileSession session = FileSession.open(directory)) {
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(1));
        }
        // deletePacket never writes such a record, but one must not break the replay.
        try (FileChannel channel = FileChannel.open(directory.resolve(FileSession.LOG_FILE), StandardOpenOption.APPEND)) {
            java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate((int) DELETE_RECORD);
            LogFormat.putDelete(record, Direction.OUTGOING, 9, 2);
            channel.write(record.flip());
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(TestPackets.pubrel(1));
        }
    }

    @Test
    void aLogOfMostlyLivePacketsIsNotCompactedAfterReopening() throws IOException {
        IdentifiedPacket big = bigPublish(1, 600);
        try (FileSession session = FileSession.open(directory)) {
            session.savePacket(Direction.OUTGOING, big);
            session.savePacket(Direction.OUTGOING, big); // one dead record, which a compaction would remove
            session.savePacket(Direction.OUTGOING, bigPublish(2, 600));
            session.savePacket(Direction.OUTGOING, bigPublish(3, 600));
        }
        long size = Files.size(directory.resolve(FileSession.LOG_FILE));
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 1024)) {
            assertThat(session.logSize()).isEqualTo(size);
            session.savePacket(Direction.INCOMING, TestPackets.pubrel(7));
            // Three of four big records are live: more than half, so the log only grows.
            assertThat(session.logSize()).isEqualTo(size + LogFormat.saveRecordSize(TestPackets.pubrel(7)));
        }
    }

    @Test
    void savesThatAreMostlyLiveNeverCompact() throws IOException {
        IdentifiedPacket big = bigPublish(1, 600);
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 1024)) {
            session.savePacket(Direction.OUTGOING, big);
            session.savePacket(Direction.OUTGOING, big);
            session.savePacket(Direction.OUTGOING, bigPublish(2, 600));
            session.savePacket(Direction.OUTGOING, bigPublish(3, 600));
            assertThat(session.logSize()).isEqualTo(EMPTY_LOG + 4L * LogFormat.saveRecordSize(big));
        }
    }

    @Test
    void repeatedSavesOfOneIdCompactOnTheirOwn() throws IOException {
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 1024)) {
            for (int i = 0; i < 200; i++) {
                session.savePacket(Direction.OUTGOING, TestPackets.publish(1, i));
            }
            assertThat(session.logSize()).isLessThan(2048);
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(TestPackets.publish(1, 199));
        }
    }

    @Test
    void deletesAloneCompactTheLog() throws IOException {
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 4096)) {
            for (int id = 1; id <= 30; id++) {
                session.savePacket(Direction.OUTGOING, bigPublish(id, 200));
            }
            long full = session.logSize();
            assertThat(full).isGreaterThan(4096);
            for (int id = 1; id <= 30; id++) {
                session.deletePacket(Direction.OUTGOING, id);
            }
            // Without a compaction the log would be the full one plus 30 DELETE records.
            assertThat(session.logSize()).isLessThan(full);
            assertThat(session.allPackets(Direction.OUTGOING)).isEmpty();
        }
    }

    @Test
    void compactionStartsAboveTheThresholdNotAtIt() throws IOException {
        long threshold = EMPTY_LOG + LogFormat.saveRecordSize(TestPackets.pubrel(1)) + DELETE_RECORD;
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, threshold)) {
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(1));
            session.deletePacket(Direction.OUTGOING, 1);
            assertThat(session.logSize()).isEqualTo(threshold);
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(2));
            session.deletePacket(Direction.OUTGOING, 2);
            assertThat(session.logSize()).isEqualTo(EMPTY_LOG);
        }
    }

    @Test
    void compactionStartsWhenDeadBytesOutweighLiveOnesNotWhenTheyBalance() throws IOException {
        IdentifiedPacket live = TestPackets.pubrel(1);
        // A record six bytes longer than the live one: after its delete the log is exactly twice the live bytes.
        int payload = LogFormat.saveRecordSize(live) + 6 - LogFormat.saveRecordSize(bigPublish(2, 0));
        IdentifiedPacket dead = bigPublish(2, payload);
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 0)) {
            session.savePacket(Direction.OUTGOING, live);
            session.savePacket(Direction.OUTGOING, dead);
            session.deletePacket(Direction.OUTGOING, 2);
            long balanced = EMPTY_LOG + LogFormat.saveRecordSize(live) + LogFormat.saveRecordSize(dead) + DELETE_RECORD;
            assertThat(balanced).isEqualTo(2 * (EMPTY_LOG + LogFormat.saveRecordSize(live)));
            assertThat(session.logSize()).isEqualTo(balanced);
        }
    }

    @Test
    void compactionKeepsOrderWithPacketsLargerThanItsBatch() throws IOException {
        List<IdentifiedPacket> expected = new ArrayList<>();
        for (int id = 1; id <= 40; id++) {
            // Small ones, ones that fill the batch, and ones larger than any buffer the log keeps (1 MiB).
            expected.add(bigPublish(id, id % 10 == 0 ? 1_500_000 : id % 3 == 0 ? 20_000 : 500));
        }
        long largestLog = 0;
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 256 * 1024)) {
            // Each packet saved three times: dead records outweigh live ones and compactions run with all live.
            for (int round = 0; round < 3; round++) {
                for (IdentifiedPacket packet : expected) {
                    session.savePacket(Direction.OUTGOING, packet);
                    largestLog = Math.max(largestLog, session.logSize());
                }
            }
            long live = EMPTY_LOG;
            for (IdentifiedPacket packet : expected) {
                live += LogFormat.saveRecordSize(packet);
            }
            assertThat(largestLog).isLessThanOrEqualTo(2 * live + LogFormat.saveRecordSize(expected.get(9)));
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactlyElementsOf(expected);
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void rewriteWithARecordThatExactlyFillsItsBatchKeepsTheHeaderFirst() throws IOException {
        LogFile log = new LogFile(directory, SyncMode.OS_BUFFERED);
        log.open(new PacketStore(), new PacketStore(), new IdCounter()); // a fresh log: its batch is 64 KiB
        int free = 64 * 1024 - (int) EMPTY_LOG;
        IdentifiedPacket filling = bigPublish(1, free - LogFormat.saveRecordSize(bigPublish(1, 0)) - 2);
        assertThat(LogFormat.saveRecordSize(filling)).isEqualTo(free); // two more length bytes above 16 KiB
        log.rewrite(List.of(filling), List.of(), 2);
        log.close();
        PacketStore outgoing = new PacketStore();
        new LogFile(directory, SyncMode.OS_BUFFERED).open(new PacketStore(), outgoing, new IdCounter());
        assertThat(outgoing.all()).containsExactly(filling);
    }

    @Test
    void counterAtTheLastIdSurvivesAReopen() throws IOException {
        try (FileSession session = FileSession.open(directory)) {
            for (int i = 1; i < PacketIds.MAX; i++) {
                session.nextId();
            }
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(7)); // stores the counter, now at 65535
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.nextId()).isEqualTo(PacketIds.MAX);
            assertThat(session.nextId()).isEqualTo(1);
        }
    }

    @Test
    void counterStoredInACompactedLogWithoutPacketsSurvives() throws IOException {
        LogFile log = new LogFile(directory, SyncMode.OS_BUFFERED);
        log.open(new PacketStore(), new PacketStore(), new IdCounter());
        log.rewrite(List.of(), List.of(), 0x1234);
        log.close();
        IdCounter counter = new IdCounter();
        new LogFile(directory, SyncMode.OS_BUFFERED).open(new PacketStore(), new PacketStore(), counter);
        assertThat(counter.peek()).isEqualTo(0x1234);
    }

    @Test
    void logHeaderAloneIsAnEmptySession() throws IOException {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(LogFormat.FILE_HEADER_SIZE);
        LogFormat.putFileHeader(header);
        Files.write(directory.resolve(FileSession.LOG_FILE), header.array());
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING)).isEmpty();
            assertThat(session.nextId()).isEqualTo(1);
        }
    }

    @Test
    void closedSessionRefusesLookupDeleteAndReset() throws IOException {
        FileSession session = FileSession.open(directory);
        session.savePacket(Direction.OUTGOING, TestPackets.pubrel(1));
        session.close();
        assertThatThrownBy(() -> session.lookupPacket(Direction.OUTGOING, 1))
                .isInstanceOf(IOException.class).hasMessage("session is closed: " + directory);
        assertThatThrownBy(() -> session.deletePacket(Direction.OUTGOING, 1))
                .isInstanceOf(IOException.class).hasMessage("session is closed: " + directory);
        assertThatThrownBy(session::reset)
                .isInstanceOf(IOException.class).hasMessage("session is closed: " + directory);
        try (FileSession again = FileSession.open(directory)) {
            assertThat(again.allPackets(Direction.OUTGOING)).containsExactly(TestPackets.pubrel(1));
        }
    }

    @Test
    void toStringNamesTheDirectoryAndSyncMode() throws IOException {
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED)) {
            assertThat(session).hasToString("FileSession[" + directory + ", OS_BUFFERED]");
        }
    }

    @Test
    void aWriteThatFailsAndCannotBeUndoneMakesTheLogRefuseWritesUntilItIsRewritten() throws IOException {
        LogFile log = new LogFile(directory, SyncMode.OS_BUFFERED);
        log.open(new PacketStore(), new PacketStore(), new IdCounter());
        log.requireWritable();
        log.close(); // the write fails, and so does cutting it off
        assertThatThrownBy(() -> log.appendDelete(Direction.OUTGOING, 1, 2))
                .isInstanceOf(ClosedChannelException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).as("the failed cut-off")
                        .singleElement().isInstanceOf(ClosedChannelException.class));
        assertThatThrownBy(log::requireWritable)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unusable after an earlier write failure")
                .hasMessageContaining(directory.resolve(FileSession.LOG_FILE).toString())
                .hasCauseInstanceOf(ClosedChannelException.class);
        log.rewrite(List.of(), List.of(), 1);
        log.requireWritable();
        log.appendDelete(Direction.OUTGOING, 1, 2);
        assertThat(log.size()).isEqualTo(EMPTY_LOG + DELETE_RECORD);
        log.close();
    }

    @Test
    void sessionWhoseLogFailedRefusesWritesUntilReset() throws Exception {
        try (FileSession session = FileSession.open(directory)) {
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(1));
            java.lang.reflect.Field field = FileSession.class.getDeclaredField("log");
            field.setAccessible(true);
            ((LogFile) field.get(session)).close(); // the next write fails, and so does cutting it off
            assertThatThrownBy(() -> session.savePacket(Direction.OUTGOING, TestPackets.pubrel(2)))
                    .isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> session.deletePacket(Direction.OUTGOING, 1))
                    .isInstanceOf(IOException.class).hasMessageContaining("unusable after an earlier write failure");
            assertThatThrownBy(() -> session.savePacket(Direction.OUTGOING, TestPackets.pubrel(3)))
                    .isInstanceOf(IOException.class).hasMessageContaining("unusable after an earlier write failure");
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(TestPackets.pubrel(1));
            session.reset();
            session.savePacket(Direction.OUTGOING, TestPackets.pubrel(4));
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(TestPackets.pubrel(4));
        }
    }

    @Test
    void neitherClosingNorFailedOpensNorCompactionsLeaveFilesOpen() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to count open files");
        Path corrupt = directory.resolve("corrupt");
        Files.createDirectories(corrupt);
        Files.write(corrupt.resolve(FileSession.LOG_FILE), "not a session log".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path healthy = directory.resolve("healthy");
        long before = openFiles(fds);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> FileSession.open(corrupt)).isInstanceOf(CorruptSessionException.class);
            try (FileSession session = FileSession.open(healthy, SyncMode.OS_BUFFERED, 256)) {
                for (int id = 1; id <= 20; id++) {
                    session.savePacket(Direction.OUTGOING, TestPackets.publish(id, id));
                    session.deletePacket(Direction.OUTGOING, id);
                }
            }
        }
        assertThat(openFiles(fds)).isLessThanOrEqualTo(before);
    }

    private static long openFiles(Path fds) throws IOException {
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }

    private static IdentifiedPacket bigPublish(int id, int payloadSize) {
        return new Publish(new Message("big", new byte[payloadSize], 1, false), false, id);
    }
}
