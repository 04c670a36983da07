package dev.mqttj.client;

import static org.awaitility.Awaitility.await;

import dev.mqttj.session.Direction;
import dev.mqttj.session.FileSession;
import dev.mqttj.session.SyncMode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link ClientJvmKillTest}: a publisher {@link Service} with a persistent session in a
 * {@link FileSession}, publishing sequence numbers until done or killed.
 *
 * <p>Arguments: broker URL, session directory, client id, topic, QoS, first and last-plus-one sequence
 * number. Output lines, each flushed at once: {@code RESENT <n>} once the {@code n} packets found in the
 * session were resent and acknowledged; {@code A <seq>} once the future of that publish completed; {@code DONE}
 * after a clean stop.
 */
public final class PublisherProcess {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Publishes in flight at most, so that a kill finds a good number stored but not yet acknowledged. */
    private static final int WINDOW = 100;

    private PublisherProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path directory = Path.of(args[1]);
        String clientId = args[2];
        String topic = args[3];
        int qos = Integer.parseInt(args[4]);
        int from = Integer.parseInt(args[5]);
        int to = Integer.parseInt(args[6]);
        PrintStream out = System.out;
        // Buffered by the operating system, not flushed to disk: a killed process loses nothing that way, and
        // a flush per save would make the stream crawl.
        try (FileSession session = FileSession.open(directory, SyncMode.OS_BUFFERED)) {
            int stored = session.allPackets(Direction.OUTGOING).size();
            CountDownLatch online = new CountDownLatch(1);
            Service service = new Service();
            service.setSession(session);
            service.setOnlineCallback(resumed -> online.countDown());
            service.setMinReconnectDelay(Duration.ofMillis(10));
            service.setMaxReconnectDelay(Duration.ofMillis(200));
            service.setQueueTimeout(PATIENCE);
            service.start(Config.builder(url).clientId(clientId).cleanSession(false)
                    .keepAlive(Duration.ofSeconds(1)).build());
            if (!online.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("not online within " + PATIENCE);
            }
            // A new process has no futures for what the last one stored; the acknowledgements empty the session.
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1))
                    .until(() -> session.allPackets(Direction.OUTGOING).isEmpty());
            println(out, "RESENT " + stored);
            ArrayDeque<GenericFuture<Void>> window = new ArrayDeque<>();
            ArrayDeque<Integer> sequence = new ArrayDeque<>();
            for (int seq = from; seq < to; seq++) {
                if (window.size() == WINDOW) {
                    window.removeFirst().await(PATIENCE);
                    println(out, "A " + sequence.removeFirst());
                }
                window.addLast(service.publish(topic, Integer.toString(seq).getBytes(StandardCharsets.US_ASCII),
                        qos, false));
                sequence.addLast(seq);
            }
            while (!window.isEmpty()) {
                window.removeFirst().await(PATIENCE);
                println(out, "A " + sequence.removeFirst());
            }
            service.stop(false);
        }
        println(out, "DONE");
    }

    private static void println(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
