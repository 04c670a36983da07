package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.ChaosProxy;
import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.testing.MosquittoBrokerBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills Mosquitto with SIGKILL five times while a {@link Service} streams 10,000 sequence-numbered messages
 * to another {@link Service}; both keep persistent sessions under fixed client ids. QoS 1 must deliver every
 * message, QoS 2 every message exactly once.
 *
 * <p>What Mosquitto 2.0.11 keeps across SIGKILL bounds what any client can achieve. It saves its state after
 * every change here ({@code autosave_on_changes true}, {@code autosave_interval 1}, the harness default; the
 * stock setting saves every 30 minutes and would lose every queued message and all in-flight state), but a
 * save comes at the end of a main-loop pass, after that pass's PUBACK, PUBREC or PUBCOMP went out, and no
 * setting makes an acknowledgement wait for the save. A kill in between loses what the clients were told, and
 * under a steady stream most kills land there. Killed at arbitrary moments, QoS 1 lost a message in one run
 * of six (an acknowledged message still queued in broker memory for a subscriber that had fallen behind);
 * QoS 2 lost 56, 60 and 6 messages in three runs (the restored broker answers the resent PUBREL of a message it
 * forgot with PUBCOMP all the same) and delivered 55, 57 and 4 twice (a PUBREL the subscriber acted on was
 * not saved, so the delivered message came again).
 *
 * <p>Two more settings matter. {@code max_queued_messages 0}: the default of 1000 drops messages for a
 * subscriber that is still reconnecting while the publisher resends. {@code max_inflight_messages 1000}:
 * Mosquitto 2.0 also caps a client's unreleased incoming QoS 2 messages with it. Past the default of 20 it
 * drops the message and refuses it with a reason code that an MQTT 3.1.1 PUBREC cannot carry, so the
 * publisher completes PUBREL and PUBCOMP for a message that is gone: with a window of 100 and no kill at all,
 * 1,281 of 2,000 messages vanished (a window of 21 still lost 44). Not 0
 * (unlimited) either: restoring its file, Mosquitto then resends a QoS 2 message that was waiting for PUBCOMP
 * as a PUBLISH instead of a PUBREL, and the subscriber, which delivered and forgot it at the PUBREL, takes it
 * for a new one (1,738 duplicates in one run).
 *
 * <p>So the tests kill the broker only once its file holds every acknowledgement the fenced clients have
 * received (see {@link #fencedKill}), which is what a broker with durable acknowledgements guarantees. QoS 1
 * fences only the publisher: the subscriber loses its connection mid-stream with messages in flight and gets
 * resends of whatever the restored broker still holds. QoS 2 fences both, since the subscriber's duplicates
 * come from the same gap. Either way the clients face resends with DUP, PUBRELs, queued offline commands and
 * incoming QoS 2 state across every restart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerCrashTest {

    private static final int MESSAGES = 10_000;
    private static final int KILLS = 5;
    /** Publishes in flight at most; a window keeps the publisher within the service's offline queue. */
    private static final int WINDOW = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String END = "end";
    private static final Path RAM_DISK = Path.of("/dev/shm");

    @Test
    void qos1StreamLosesNothingAcrossFiveBrokerKills() throws Exception {
        Counts counts = stream(1, false);
        System.out.printf("QoS1: received %d distinct of %d, %d duplicates%n", counts.distinct, MESSAGES,
                counts.duplicates);
        assertThat(counts.missing).as("sequence numbers never received").isEmpty();
        assertThat(counts.distinct).isEqualTo(MESSAGES);
    }

    @Test
    void qos2StreamArrivesExactlyOnceAcrossFiveBrokerKills() throws Exception {
        Counts counts = stream(2, true);
        System.out.printf("QoS2: received %d distinct of %d, %d duplicates%n", counts.distinct, MESSAGES,
                counts.duplicates);
        assertThat(counts.missing).as("sequence numbers never received").isEmpty();
        assertThat(counts.distinct).isEqualTo(MESSAGES);
        assertThat(counts.duplicates).as("QoS 2 duplicates").isZero();
    }

    private Counts stream(int qos, boolean fenceSubscriber) throws Exception {
        BrokerRequirements.requireMosquitto();
        String topic = "crash/qos" + qos + "/" + System.nanoTime();
        Received received = new Received();
        MosquittoBrokerBuilder options = MosquittoBroker.builder().persistence(true)
                .setting("max_inflight_messages", "1000") // see the class comment for these two
                .setting("max_queued_messages", "0");
        if (Files.isDirectory(RAM_DISK) && Files.isWritable(RAM_DISK)) {
            options.persistenceDirectory(RAM_DISK); // the same crash semantics without a disk flush per save
        }
        try (MosquittoBroker broker = options.start();
                ChaosProxy proxy = ChaosProxy.start(broker.port())) {
            ExecutorService publishing = Executors.newSingleThreadExecutor();
            Service subscriber = service();
            Service publisher = service();
            try {
                subscriber.setMessageCallback(received::add);
                subscriber.start(config(fenceSubscriber ? proxy.url() : broker.url(), "crash-sub-qos" + qos));
                subscriber.subscribe(topic, qos).await(PATIENCE);
                publisher.start(config(proxy.url(), "crash-pub-qos" + qos));

                Future<?> stream = publishing.submit(() -> {
                    publishAll(publisher, topic, qos);
                    return null;
                });
                for (int kill = 1; kill <= KILLS; kill++) {
                    int threshold = kill * MESSAGES / (KILLS + 1);
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1))
                            .until(() -> received.distinct() >= threshold || stream.isDone());
                    if (stream.isDone()) {
                        stream.get(); // throws what ended the publisher early
                        throw new AssertionError("publisher finished before kill " + kill);
                    }
                    fencedKill(broker, proxy);
                    broker.start();
                }
                stream.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                // Mosquitto delivers a subscriber's messages in order, resends first: once the end marker is
                // in, whatever was going to be delivered has been.
                publisher.publish(topic, END.getBytes(StandardCharsets.US_ASCII), qos, false).await(PATIENCE);
                assertThat(received.end.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("end marker").isTrue();
                assertThat(received.errors).as("unexpected payloads").isEmpty();
                return received.counts();
            } finally {
                publishing.shutdownNow();
                publisher.stop(true);
                subscriber.stop(true);
            }
        }
    }

    /**
     * Kills the broker once its persistence file holds every change the clients behind the proxy have heard of.
     *
     * <p>The proxy stops their traffic, so they see nothing more from the broker; the save then covers
     * everything they did see. Whatever the broker answered after that point dies in the proxy: the clients
     * resend it, and the restored broker recognises the resends.
     */
    private static void fencedKill(MosquittoBroker broker, ChaosProxy proxy) {
        proxy.stall();
        broker.save();
        broker.kill();
        proxy.cutAll();
        proxy.resume();
    }

    /** Publishes 0..MESSAGES-1 keeping at most WINDOW futures open; every future must complete. */
    private static void publishAll(Service publisher, String topic, int qos) throws Exception {
        ArrayDeque<GenericFuture<Void>> window = new ArrayDeque<>();
        for (int seq = 0; seq < MESSAGES; seq++) {
            if (window.size() == WINDOW) {
                window.removeFirst().await(PATIENCE);
            }
            window.addLast(publisher.publish(topic, Integer.toString(seq).getBytes(StandardCharsets.US_ASCII),
                    qos, false));
        }
        for (GenericFuture<Void> future : window) {
            future.await(PATIENCE);
        }
    }

    private static Service service() {
        Service service = new Service();
        service.setMinReconnectDelay(Duration.ofMillis(10));
        service.setMaxReconnectDelay(Duration.ofMillis(200));
        service.setQueueTimeout(PATIENCE);
        service.setDisconnectTimeout(Duration.ofSeconds(1));
        return service;
    }

    private static Config config(String url, String clientId) {
        return Config.builder(url).clientId(clientId).cleanSession(false)
                .keepAlive(Duration.ofSeconds(1)).build();
    }

    /** What the subscriber saw. */
    static final class Received {
        private final int[] times = new int[MESSAGES];
        private final CountDownLatch end = new CountDownLatch(1);
        private final AtomicInteger distinct = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        void add(Message message) {
            String payload = message.payloadAsString();
            if (END.equals(payload)) {
                end.countDown();
                return;
            }
            int seq;
            try {
                seq = Integer.parseInt(payload);
            } catch (NumberFormatException e) {
                errors.add(payload);
                return;
            }
            if (seq < 0 || seq >= MESSAGES) {
                errors.add(payload);
                return;
            }
            synchronized (times) {
                if (times[seq]++ == 0) {
                    distinct.incrementAndGet();
                }
            }
        }

        int distinct() {
            return distinct.get();
        }

        Counts counts() {
            synchronized (times) {
                int total = 0;
                List<Integer> missing = new ArrayList<>();
                for (int seq = 0; seq < MESSAGES; seq++) {
                    total += times[seq];
                    if (times[seq] == 0) {
                        missing.add(seq);
                    }
                }
                return new Counts(distinct.get(), total - distinct.get(), missing);
            }
        }
    }

    record Counts(int distinct, int duplicates, List<Integer> missing) {
    }
}
