package dev.mqttj.session;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link FileSessionKillTest}: writes to a {@link FileSession} until killed and reports
 * every call that returned.
 *
 * <p>Arguments: directory, sync mode, compaction threshold, round. Output lines, each flushed at once:
 * {@code READY}; {@code S <id> <seed> <direction>} after a save returned; {@code d <id>} before and
 * {@code D <id>} after an outgoing delete returned.
 */
public final class SessionWriterProcess {

    private SessionWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        SyncMode syncMode = SyncMode.valueOf(args[1]);
        long compactionThreshold = Long.parseLong(args[2]);
        long round = Long.parseLong(args[3]);
        PrintStream out = System.out;
        try (FileSession session = FileSession.open(directory, syncMode, compactionThreshold)) {
            out.println("READY");
            out.flush();
            int previousId = 0;
            for (long step = 0; ; step++) {
                int id = session.nextId();
                long seed = round * 1_000_000 + step;
                Direction direction = step % 5 == 4 ? Direction.INCOMING : Direction.OUTGOING;
                session.savePacket(direction, TestPackets.any(id, seed));
                out.println("S " + id + " " + seed + " " + direction);
                out.flush();
                // Deleting most earlier packets makes the log mostly dead, so compactions run while being killed.
                if (step % 3 != 0 && previousId != 0) {
                    out.println("d " + previousId);
                    out.flush();
                    session.deletePacket(Direction.OUTGOING, previousId);
                    out.println("D " + previousId);
                    out.flush();
                }
                previousId = direction == Direction.OUTGOING ? id : 0;
            }
        }
    }
}
