package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.IdentifiedPacket;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a {@link FileSession} recovers after a reopen, a torn write, damage or a crashed compaction. */
class FileSessionRecoveryTest {

    @TempDir
    Path directory;

    @Test
    void everyOperationIsVisibleAfterReopening() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Model model = new Model();
        FileSession session = FileSession.open(directory);
        try {
            for (int step = 0; step < 300; step++) {
                model.applyRandom(session, random);
                if (random.nextInt(5) == 0) {
                    session.close();
                    session = FileSession.open(directory);
                    model.assertMatches(session, "seed " + seed + " step " + step);
                }
            }
        } finally {
            session.close();
        }
    }

    @Test
    void concurrentWritersLeaveALogThatReplaysToTheSameState() throws Exception {
        List<IdentifiedPacket> outgoing;
        List<IdentifiedPacket> incoming;
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 16 * 1024)) {
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                long seed = t;
                Thread writer = new Thread(() -> {
                    try {
                        SplittableRandom random = new SplittableRandom(seed);
                        for (int i = 0; i < 2_000; i++) {
                            int id = session.nextId();
                            session.savePacket(Direction.OUTGOING, TestPackets.any(id, random.nextLong(1_000_000)));
                            session.savePacket(Direction.INCOMING, TestPackets.pubrel(1 + random.nextInt(500)));
                            if (random.nextInt(3) != 0) {
                                session.deletePacket(Direction.OUTGOING, id);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "session-writer-" + t);
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failures).isEmpty();
            outgoing = session.allPackets(Direction.OUTGOING);
            incoming = session.allPackets(Direction.INCOMING);
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactlyElementsOf(outgoing);
            assertThat(session.allPackets(Direction.INCOMING)).containsExactlyElementsOf(incoming);
        }
    }

    @Test
    void idCounterContinuesAfterReopening() throws IOException {
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.nextId()).isEqualTo(1);
            assertThat(session.nextId()).isEqualTo(2);
            session.savePacket(Direction.OUTGOING, TestPackets.publish(2, 2));
            session.deletePacket(Direction.OUTGOING, 2);
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.nextId()).isEqualTo(3);
            session.reset();
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.nextId()).isEqualTo(1);
        }
    }

    @Test
    void tornFinalSaveIsDroppedAtEveryCutOffset() throws IOException {
        assertTornTailRecovers(false);
    }

    @Test
    void tornFinalDeleteIsDroppedAtEveryCutOffset() throws IOException {
        assertTornTailRecovers(true);
    }

    private void assertTornTailRecovers(boolean lastIsDelete) throws IOException {
        Path original = directory.resolve("original");
        Model model = new Model();
        long sizeBeforeLast;
        Model before;
        try (FileSession session = FileSession.open(original)) {
            for (int id = 1; id <= 5; id++) {
                model.save(session, Direction.OUTGOING, TestPackets.publish(id, id));
                model.save(session, Direction.INCOMING, TestPackets.pubrel(id));
            }
            before = model.copy();
            sizeBeforeLast = session.logSize();
            if (lastIsDelete) {
                model.delete(session, Direction.OUTGOING, 3);
            } else {
                model.save(session, Direction.OUTGOING, TestPackets.publish(6, 600));
            }
        }
        byte[] log = Files.readAllBytes(original.resolve(FileSession.LOG_FILE));
        assertThat((long) log.length).isGreaterThan(sizeBeforeLast);
        for (int cut = (int) sizeBeforeLast; cut <= log.length; cut++) {
            Path copy = directory.resolve("cut-" + cut);
            Files.createDirectories(copy);
            Files.write(copy.resolve(FileSession.LOG_FILE), Arrays.copyOf(log, cut));
            Model expected = (cut == log.length ? model : before).copy();
            try (FileSession session = FileSession.open(copy, SyncMode.OS_BUFFERED)) {
                expected.assertMatches(session, "cut at " + cut);
                assertThat(Files.size(copy.resolve(FileSession.LOG_FILE))).as("cut at %d", cut)
                        .isEqualTo(cut == log.length ? log.length : sizeBeforeLast);
                expected.save(session, Direction.INCOMING, TestPackets.publish(99, 99));
            }
            try (FileSession session = FileSession.open(copy, SyncMode.OS_BUFFERED)) {
                expected.assertMatches(session, "append after cut at " + cut);
            }
        }
    }

    @Test
    void zeroFilledTailIsDropped() throws IOException {
        Model model = new Model();
        long size;
        try (FileSession session = FileSession.open(directory)) {
            model.save(session, Direction.OUTGOING, TestPackets.publish(1, 1));
            size = session.logSize();
        }
        Path log = directory.resolve(FileSession.LOG_FILE);
        Files.write(log, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        try (FileSession session = FileSession.open(directory)) {
            model.assertMatches(session, "zero tail");
            assertThat(Files.size(log)).isEqualTo(size);
        }
    }

    @Test
    void damagedChecksumBeforeTheLastRecordIsReportedWithFileAndOffset() throws IOException {
        long secondRecord = writeThreeRecords();
        Path log = directory.resolve(FileSession.LOG_FILE);
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) secondRecord + LogFormat.RECORD_HEADER_SIZE + 6] ^= 0x01;
        Files.write(log, bytes);
        assertThatThrownBy(() -> FileSession.open(directory))
                .isInstanceOfSatisfying(CorruptSessionException.class, e -> {
                    assertThat(e.offset()).isEqualTo(secondRecord);
                    assertThat(e.file()).isEqualTo(log);
                })
                .hasMessageContaining("checksum")
                .hasMessageContaining("offset " + secondRecord)
                .hasMessageContaining(log.toString());
        // The failed open released the lock and left the file alone.
        assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
    }

    @Test
    void damagedLengthBeforeTheLastRecordIsReported() throws IOException {
        long secondRecord = writeThreeRecords();
        Path log = directory.resolve(FileSession.LOG_FILE);
        byte[] bytes = Files.readAllBytes(log);
        bytes[(int) secondRecord + 3] ^= 0x40;
        Files.write(log, bytes);
        assertThatThrownBy(() -> FileSession.open(directory))
                .isInstanceOfSatisfying(CorruptSessionException.class, e -> assertThat(e.offset()).isEqualTo(secondRecord))
                .hasMessageContaining("damaged record header");
    }

    @Test
    void damagedFinalRecordCountsAsTornAndIsDropped() throws IOException {
        writeThreeRecords();
        Path log = directory.resolve(FileSession.LOG_FILE);
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(log, bytes);
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.allPackets(Direction.OUTGOING))
                    .containsExactly(TestPackets.publish(1, 1), TestPackets.publish(2, 2));
        }
    }

    @Test
    void foreignFileIsRejectedAsNotASessionLog() throws IOException {
        Files.write(directory.resolve(FileSession.LOG_FILE), "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> FileSession.open(directory))
                .isInstanceOf(CorruptSessionException.class)
                .hasMessageContaining("bad magic")
                .hasMessageContaining("offset 0");
    }

    /** Saves three outgoing packets and returns the offset of the second record. */
    private long writeThreeRecords() throws IOException {
        try (FileSession session = FileSession.open(directory)) {
            session.savePacket(Direction.OUTGOING, TestPackets.publish(1, 1));
            long second = session.logSize();
            session.savePacket(Direction.OUTGOING, TestPackets.publish(2, 2));
            session.savePacket(Direction.OUTGOING, TestPackets.publish(3, 3));
            return second;
        }
    }

    @Test
    void compactionKeepsTheLogSmallAndTheStateAndOrderIntact() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Model model = new Model();
        long threshold = 8 * 1024;
        long largestLog = 0;
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, threshold)) {
            for (int step = 0; step < 5_000; step++) {
                model.applyRandom(session, random);
                largestLog = Math.max(largestLog, session.logSize());
            }
            model.assertMatches(session, "seed " + seed + " before reopen");
            assertThat(session.nextId()).as("seed %d", seed).isPositive();
        }
        // 5,000 writes of ~170 bytes would be ~850 KiB without compaction.
        assertThat(largestLog).as("seed %d", seed).isLessThan(4 * threshold + 60 * 400);
        assertThat(Files.exists(directory.resolve(FileSession.TEMP_FILE))).isFalse();
        try (FileSession session = FileSession.open(directory)) {
            model.assertMatches(session, "seed " + seed + " after reopen");
        }
    }

    @Test
    void compactionKeepsTheIdCounter() throws IOException {
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED, 1024)) {
            for (int i = 0; i < 100; i++) {
                int id = session.nextId();
                session.savePacket(Direction.OUTGOING, TestPackets.publish(id, id));
                session.deletePacket(Direction.OUTGOING, id);
            }
            assertThat(session.logSize()).isLessThan(2048);
        }
        try (FileSession session = FileSession.open(directory)) {
            assertThat(session.nextId()).isEqualTo(101);
        }
    }

    @Test
    void leftoverTemporaryFileOfACrashedCompactionIsIgnoredAndRemoved() throws IOException {
        Model model = new Model();
        try (FileSession session = FileSession.open(directory)) {
            model.save(session, Direction.OUTGOING, TestPackets.publish(1, 1));
            model.save(session, Direction.INCOMING, TestPackets.publish(2, 2));
        }
        // A compaction that died half-way: a valid header and the start of a record, never renamed.
        byte[] log = Files.readAllBytes(directory.resolve(FileSession.LOG_FILE));
        Path temp = directory.resolve(FileSession.TEMP_FILE);
        Files.write(temp, Arrays.copyOf(log, log.length / 2));
        try (FileSession session = FileSession.open(directory)) {
            model.assertMatches(session, "leftover temp file");
            assertThat(Files.exists(temp)).isFalse();
        }
    }

    @Test
    void completeTemporaryFileThatWasNeverRenamedIsIgnored() throws IOException {
        Path other = directory.resolve("other");
        try (FileSession session = FileSession.open(other)) {
            session.savePacket(Direction.OUTGOING, TestPackets.publish(9, 9));
        }
        Path sessionDirectory = directory.resolve("session");
        Model model = new Model();
        try (FileSession session = FileSession.open(sessionDirectory)) {
            model.save(session, Direction.OUTGOING, TestPackets.publish(1, 1));
        }
        // A compaction that wrote and flushed its file but died before the rename.
        Files.copy(other.resolve(FileSession.LOG_FILE), sessionDirectory.resolve(FileSession.TEMP_FILE));
        try (FileSession session = FileSession.open(sessionDirectory)) {
            model.assertMatches(session, "complete temp file");
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryFailsNamingTheLockFile() throws IOException {
        try (FileSession first = FileSession.open(directory)) {
            assertThatThrownBy(() -> FileSession.open(directory))
                    .isInstanceOfSatisfying(SessionLockedException.class,
                            e -> assertThat(e.lockFile()).isEqualTo(directory.resolve(FileSession.LOCK_FILE)))
                    .hasMessageContaining(directory.resolve(FileSession.LOCK_FILE).toString());
            first.savePacket(Direction.OUTGOING, TestPackets.pubrel(1));
        }
        try (FileSession again = FileSession.open(directory)) {
            assertThat(again.lookupPacket(Direction.OUTGOING, 1)).isEqualTo(TestPackets.pubrel(1));
        }
    }

    @Test
    void interruptedWriteFailsWithoutTraceAndTheSessionStaysUsable() throws IOException {
        Model model = new Model();
        try (FileSession session = FileSession.open(directory)) {
            model.save(session, Direction.OUTGOING, TestPackets.publish(1, 1));
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> session.savePacket(Direction.OUTGOING, TestPackets.publish(2, 2)))
                    .isInstanceOf(ClosedByInterruptException.class);
            assertThat(Thread.interrupted()).isTrue();
            model.assertMatches(session, "after interrupt");
            model.save(session, Direction.OUTGOING, TestPackets.publish(3, 3));
        }
        try (FileSession session = FileSession.open(directory)) {
            model.assertMatches(session, "reopened after interrupt");
        }
    }

    @Test
    void closedSessionRefusesCalls() throws IOException {
        FileSession session = FileSession.open(directory);
        session.close();
        session.close();
        assertThatThrownBy(() -> session.savePacket(Direction.OUTGOING, TestPackets.pubrel(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("closed").hasMessageContaining(directory.toString());
        assertThatThrownBy(() -> session.allPackets(Direction.OUTGOING)).isInstanceOf(IOException.class);
    }

    /** The expected contents of a session: per direction, packets by id in first-saved order. */
    static final class Model {
        final Map<Direction, LinkedHashMap<Integer, IdentifiedPacket>> packets = new EnumMap<>(Direction.class);

        Model() {
            for (Direction direction : Direction.values()) {
                packets.put(direction, new LinkedHashMap<>());
            }
        }

        Model copy() {
            Model copy = new Model();
            for (Direction direction : Direction.values()) {
                copy.packets.get(direction).putAll(packets.get(direction));
            }
            return copy;
        }

        void save(Session session, Direction direction, IdentifiedPacket packet) throws IOException {
            session.savePacket(direction, packet);
            packets.get(direction).put(packet.id(), packet);
        }

        void delete(Session session, Direction direction, int id) throws IOException {
            session.deletePacket(direction, id);
            packets.get(direction).remove(id);
        }

        void applyRandom(Session session, SplittableRandom random) throws IOException {
            Direction direction = Direction.values()[random.nextInt(2)];
            int id = 1 + random.nextInt(60);
            if (random.nextBoolean()) {
                save(session, direction, TestPackets.any(id, random.nextLong(1_000_000)));
            } else {
                delete(session, direction, id);
            }
        }

        void assertMatches(Session session, String context) throws IOException {
            for (Direction direction : Direction.values()) {
                assertThat(session.allPackets(direction)).as("%s, %s", context, direction)
                        .containsExactlyElementsOf(new ArrayList<>(packets.get(direction).values()));
            }
        }

        List<IdentifiedPacket> all(Direction direction) {
            return new ArrayList<>(packets.get(direction).values());
        }
    }
}
