package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;
import dev.mqttj.session.Direction;
import dev.mqttj.session.FileSession;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.MosquittoBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a publishing JVM with SIGKILL mid-stream and restarts it on the same {@link FileSession}: every
 * message the killed publisher saw accepted, and every message it had stored but not yet seen acknowledged,
 * reaches a subscriber with a persistent session.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientJvmKillTest {

    private static final int MESSAGES = 4_000;
    private static final int KILL_AFTER_ACCEPTED = 1_500;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path sessionDirectory;

    @Test
    void qos1MessagesAcceptedOrStoredSurviveKillDashNine() throws Exception {
        Outcome outcome = killAndRestart(1);
        assertThat(outcome.missing).as("accepted or stored but never received").isEmpty();
    }

    @Test
    void qos2MessagesAcceptedOrStoredArriveExactlyOnceAcrossKillDashNine() throws Exception {
        Outcome outcome = killAndRestart(2);
        assertThat(outcome.missing).as("accepted or stored but never received").isEmpty();
        assertThat(outcome.duplicates).as("QoS 2 duplicates").isZero();
    }

    private Outcome killAndRestart(int qos) throws Exception {
        BrokerRequirements.requireMosquitto();
        String topic = "jvm-kill/qos" + qos + "/" + System.nanoTime();
        String clientId = "jvm-kill-pub-qos" + qos;
        Map<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
        // Mosquitto's defaults lose messages here: it drops QoS 1 and 2 messages queued for a subscriber beyond
        // 1000, and refuses (silently, for MQTT 3.1.1) a publisher's unreleased QoS 2 messages beyond 20.
        try (MosquittoBroker broker = MosquittoBroker.builder().setting("max_inflight_messages", "1000")
                .setting("max_queued_messages", "0").start()) {
            Service subscriber = new Service();
            subscriber.setMessageCallback(message -> count(message, received));
            try {
                subscriber.start(Config.builder(broker.url()).clientId("jvm-kill-sub-qos" + qos).cleanSession(false)
                        .keepAlive(Duration.ofSeconds(1)).build());
                subscriber.subscribe(topic, qos).await(PATIENCE);

                TreeSet<Integer> acceptedByFirst = new TreeSet<>();
                Process first = startChild(broker, clientId, topic, qos, 0, MESSAGES);
                try (BufferedReader out = reader(first)) {
                    assertThat(out.readLine()).as("first child's first line").isEqualTo("RESENT 0");
                    String line;
                    while ((line = out.readLine()) != null) {
                        assertThat(line).as("line from the first child").startsWith("A ");
                        acceptedByFirst.add(Integer.parseInt(line.substring(2)));
                        if (acceptedByFirst.size() == KILL_AFTER_ACCEPTED) {
                            // Lines the child wrote before it died are still read: the pipe stays open.
                            assertThat(first.toHandle().destroyForcibly()).as("kill sent").isTrue();
                        }
                    }
                } finally {
                    first.destroyForcibly();
                    assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("first child ended").isTrue();
                }
                assertThat(first.exitValue()).as("killed, not ended by an error").isEqualTo(137);
                Set<Integer> receivedBeforeRestart = Set.copyOf(received.keySet());
                assertThat(acceptedByFirst).as("accepted before the kill").hasSizeLessThan(MESSAGES);

                List<Integer> stored = new ArrayList<>();
                int storedPackets;
                try (FileSession session = FileSession.open(sessionDirectory)) {
                    List<IdentifiedPacket> packets = session.allPackets(Direction.OUTGOING);
                    storedPackets = packets.size();
                    for (IdentifiedPacket packet : packets) {
                        if (packet instanceof Publish) { // a PUBREL carries no payload; its message is at the broker
                            stored.add(Integer.parseInt(((Publish) packet).message().payloadAsString()));
                        }
                    }
                }
                // QoS 2 may find only PUBRELs, whose messages the broker already holds.
                assertThat(storedPackets).as("packets stored but unacknowledged at the kill").isPositive();
                int resumeAt = Math.max(acceptedByFirst.last(),
                        stored.stream().mapToInt(Integer::intValue).max().orElse(-1)) + 1;

                Set<Integer> acceptedBySecond = new TreeSet<>();
                Process second = startChild(broker, clientId, topic, qos, resumeAt, MESSAGES);
                try (BufferedReader out = reader(second)) {
                    assertThat(out.readLine()).as("second child's first line").isEqualTo("RESENT " + storedPackets);
                    String line;
                    while ((line = out.readLine()) != null && !line.equals("DONE")) {
                        assertThat(line).as("line from the second child").startsWith("A ");
                        acceptedBySecond.add(Integer.parseInt(line.substring(2)));
                    }
                    assertThat(line).as("second child's last line").isEqualTo("DONE");
                } finally {
                    boolean ended = second.waitFor(30, TimeUnit.SECONDS);
                    if (!ended) {
                        second.destroyForcibly();
                    }
                    assertThat(ended).as("second child ended").isTrue();
                }
                assertThat(second.exitValue()).as("second child's exit code").isZero();
                assertThat(acceptedBySecond).hasSize(MESSAGES - resumeAt);

                Set<Integer> required = new TreeSet<>(acceptedByFirst);
                required.addAll(stored);
                required.addAll(acceptedBySecond);
                // Everything the second child published is acknowledged; the subscriber may still be reading.
                await().atMost(PATIENCE).until(() -> received.keySet().containsAll(acceptedBySecond));
                Outcome outcome = Outcome.of(required, received);
                long storedAfterRestart = stored.stream().filter(seq -> !receivedBeforeRestart.contains(seq)).count();
                System.out.printf("QoS%d child JVM kill: first child accepted %d, %d packets stored unacknowledged "
                        + "(%d publishes, %d of them first received after the restart), second child resumed at %d and "
                        + "accepted %d; subscriber received %d distinct of %d required, %d duplicates%n",
                        qos, acceptedByFirst.size(), storedPackets, stored.size(), storedAfterRestart, resumeAt,
                        acceptedBySecond.size(), received.size(), required.size(), outcome.duplicates);
                return outcome;
            } finally {
                subscriber.stop(true);
            }
        }
    }

    private Process startChild(MosquittoBroker broker, String clientId, String topic, int qos, int from, int to)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), PublisherProcess.class.getName(),
                broker.url(), sessionDirectory.toString(), clientId, topic, Integer.toString(qos),
                Integer.toString(from), Integer.toString(to));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void count(Message message, Map<Integer, AtomicInteger> received) {
        received.computeIfAbsent(Integer.parseInt(message.payloadAsString()), seq -> new AtomicInteger())
                .incrementAndGet();
    }

    /** What the subscriber missed of what it had to receive, and how many messages came more than once. */
    record Outcome(List<Integer> missing, int duplicates) {
        static Outcome of(Set<Integer> required, Map<Integer, AtomicInteger> received) {
            List<Integer> missing = new ArrayList<>();
            for (int seq : required) {
                if (!received.containsKey(seq)) {
                    missing.add(seq);
                }
            }
            int duplicates = 0;
            for (AtomicInteger times : received.values()) {
                duplicates += times.get() - 1;
            }
            return new Outcome(missing, duplicates);
        }
    }
}
