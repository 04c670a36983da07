package dev.mqttj.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.IdentifiedPacket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while it writes to a {@link FileSession} and checks that every call the
 * child saw return survived.
 */
class FileSessionKillTest {

    private static final int ROUNDS = 4;

    @TempDir
    Path directory;

    @Test
    void everyReturnedWriteSurvivesKillDashNine() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        // Expected state across rounds: each round continues the session the previous one left.
        Map<Direction, Map<Integer, IdentifiedPacket>> expected = new EnumMap<>(Direction.class);
        expected.put(Direction.INCOMING, new HashMap<>());
        expected.put(Direction.OUTGOING, new HashMap<>());
        for (int round = 0; round < ROUNDS; round++) {
            SyncMode syncMode = round % 2 == 0 ? SyncMode.EVERY_WRITE : SyncMode.OS_BUFFERED;
            int linesBeforeKill = 100 + random.nextInt(700);
            String context = "seed " + seed + " round " + round + " " + syncMode;
            Process child = startChild(syncMode, round);
            Set<Integer> uncertain = new HashSet<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                assertThat(out.readLine()).as(context + ": first line").isEqualTo("READY");
                assertThatThrownBy(() -> FileSession.open(directory))
                        .as(context).isInstanceOf(SessionLockedException.class).hasMessageContaining("another process");
                int lines = 0;
                String line;
                while ((line = out.readLine()) != null) {
                    if (++lines == linesBeforeKill) {
                        // SIGKILL, like Process.destroyForcibly(), which would also close the pipe holding
                        // lines the child wrote before it died; those must be read.
                        assertThat(child.toHandle().destroyForcibly()).as(context + ": kill sent").isTrue();
                    }
                    apply(line, expected, uncertain);
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(context + ": child ended").isTrue();
            }
            assertThat(child.exitValue()).as(context + ": killed, not ended by an error").isEqualTo(137);
            try (FileSession session = FileSession.open(directory)) {
                assertSurvived(session, expected, uncertain, context);
            }
        }
    }

    private Process startChild(SyncMode syncMode, int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SessionWriterProcess.class.getName(),
                directory.toString(), syncMode.name(), "16384", Integer.toString(round)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Applies one reported call to the expected state; a delete begun but not reported done is uncertain. */
    private static void apply(String line, Map<Direction, Map<Integer, IdentifiedPacket>> expected,
            Set<Integer> uncertain) {
        String[] parts = line.split(" ");
        int id = Integer.parseInt(parts[1]);
        switch (parts[0]) {
            case "S":
                expected.get(Direction.valueOf(parts[3])).put(id, TestPackets.any(id, Long.parseLong(parts[2])));
                break;
            case "d":
                uncertain.add(id);
                break;
            case "D":
                uncertain.remove(id);
                expected.get(Direction.OUTGOING).remove(id);
                break;
            default:
                throw new AssertionError("unexpected line from child: " + line);
        }
    }

    private static void assertSurvived(Session session, Map<Direction, Map<Integer, IdentifiedPacket>> expected,
            Set<Integer> uncertain, String context) throws IOException {
        for (Direction direction : Direction.values()) {
            Map<Integer, IdentifiedPacket> want = expected.get(direction);
            Map<Integer, IdentifiedPacket> stored = new HashMap<>();
            for (IdentifiedPacket packet : session.allPackets(direction)) {
                stored.put(packet.id(), packet);
            }
            for (Map.Entry<Integer, IdentifiedPacket> entry : want.entrySet()) {
                if (direction == Direction.OUTGOING && uncertain.contains(entry.getKey())
                        && !stored.containsKey(entry.getKey())) {
                    continue; // the delete in progress at the kill completed
                }
                assertThat(stored.get(entry.getKey())).as("%s: %s id %d", context, direction, entry.getKey())
                        .isEqualTo(entry.getValue());
            }
            // At most the one save in progress at the kill may have landed without being reported.
            Set<Integer> extra = new HashSet<>(stored.keySet());
            extra.removeAll(want.keySet());
            assertThat(extra).as("%s: %s unreported packets", context, direction).hasSizeLessThanOrEqualTo(1);
            for (int id : extra) {
                want.put(id, stored.get(id)); // it is part of the state from now on
            }
            if (direction == Direction.OUTGOING) {
                want.keySet().retainAll(stored.keySet());
            }
        }
    }
}
