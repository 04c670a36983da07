package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthIndicator;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.testing.ResourceSampler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A listener that takes 100 ms a message, flooded with 100,000 QoS 0 messages of 1 KB published as fast as a
 * separate connection can: the application's heap stays bounded, nothing runs out of memory, and what does not
 * depend on the connection's reader keeps working.
 *
 * <p>The listener cannot keep up (10 messages a second inline, 40 with {@code concurrency = "4"}): the test
 * watches the application for {@link #WINDOW} while the flood is on and then closes it; it does not wait for the
 * 100,000. What it asserts while the flood is on:
 * <ul>
 *   <li>heap after GC stays within {@link #MAX_HEAP_GROWTH_MB} of what it was before the flood (the flood is
 *       about 100 MB of payload; back-pressure means the reader stops reading, so the rest waits in TCP buffers
 *       and at the broker, which drops QoS 0 messages for a client that does not read);</li>
 *   <li>the slow listener keeps going at its own rate;</li>
 *   <li>{@link MqttTemplate} publishes go out: QoS 0 futures complete at once, and QoS 0 and QoS 1 messages
 *       reach another subscriber within a second;</li>
 *   <li>the health indicator answers quickly and says UP;</li>
 *   <li>another bean's scheduled work runs on time;</li>
 *   <li>closing the application takes no longer than the listener's drain timeout.</li>
 * </ul>
 *
 * <p>What the rest of the same connection experiences, found here and asserted so that a change shows:
 * <ul>
 *   <li>another listener's messages queue behind the backlog (one connection, one reader): one sent 2 s into the
 *       flood has not arrived by the end of the window;</li>
 *   <li>the template's QoS 1 futures do not complete, although their messages reach the broker and its
 *       subscribers at once: Mosquitto (2.0.11, and still upstream, its issue 3542) drops every packet for a
 *       client whose outgoing queue holds {@code max_queued_messages} (default 1,000), acknowledgements
 *       included, and logs "Outgoing messages are being dropped". The PUBACKs are lost, not late: the futures
 *       stay pending after the backlog is read. PINGRESP is dropped the same way, so after twice the keep-alive
 *       the client takes the connection for dead and the service renews it, resending what was not
 *       acknowledged (not exercised here: the window is shorter than that).</li>
 * </ul>
 */
class SoakSlowListenerFloodTests {

    private static final int FLOOD_MESSAGES = 100_000;
    private static final int PAYLOAD_BYTES = 1024;
    private static final int FLOOD_TOPICS = 16;
    private static final Duration LISTENER_WORK = Duration.ofMillis(100);
    private static final Duration WINDOW = Duration.ofSeconds(12);
    private static final Duration PROBE_EVERY = Duration.ofMillis(500);
    private static final Duration TICK = Duration.ofMillis(50);
    private static final Path REPORT = Path.of("target", "soak-flood-report.txt");

    /**
     * The heap after GC may grow this much during the flood. Without back-pressure the 100,000 messages would
     * be read into the application: 100 MB of payload alone. With it, the reader holds one message and each lane
     * of a concurrent listener at most 64, so a few hundred KB; the rest of the growth is the test's own.
     */
    private static final double MAX_HEAP_GROWTH_MB = 24;
    /** A health probe must answer within this (it reads a snapshot of the service's state). */
    private static final Duration MAX_HEALTH_LATENCY = Duration.ofMillis(250);
    /** The longest gap between two ticks of the other bean's 50 ms schedule (a stall would be seconds). */
    private static final Duration MAX_TICK_GAP = Duration.ofSeconds(1);
    /** The template's messages must reach another subscriber within this. */
    private static final Duration MAX_TEMPLATE_DELIVERY = Duration.ofSeconds(1);
    /**
     * Closing may take the concurrent listener's drain timeout (10 s; a full lane of 64 takes 6.4 s) plus the
     * disconnect timeout (2 s here), which runs out: Mosquitto dropped the PUBACKs it waits for.
     */
    private static final Duration MAX_CLOSE = Duration.ofSeconds(13);

    static MosquittoBroker broker;
    private static final StringBuilder REPORT_TEXT = new StringBuilder();

    @BeforeAll
    static void startMosquitto() {
        broker = MosquittoBroker.builder().start();
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.close();
        }
        ResourceSampler.publish(REPORT, REPORT_TEXT.toString());
    }

    /** The slow listener, and another listener on the same connection. */
    static class FloodListeners {

        final AtomicInteger processed = new AtomicInteger();
        final Map<String, Long> sideArrivals = new ConcurrentHashMap<>();

        @MqttListener(topics = "flood/data/+", id = "slow", qos = "0", concurrency = "${flood.concurrency}")
        void slow(byte[] payload) throws InterruptedException {
            // The workload under test: a listener that needs 100 ms per message.
            TimeUnit.MILLISECONDS.sleep(LISTENER_WORK.toMillis());
            processed.incrementAndGet();
        }

        @MqttListener(topics = "flood/side", id = "side", qos = "1")
        void side(String payload) {
            sideArrivals.put(payload, System.nanoTime());
        }
    }

    /** Another bean's work: a counter on its own 50 ms schedule, with the longest gap between two ticks. */
    static class Ticker implements DisposableBean {

        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong ticks = new AtomicLong();
        private final AtomicLong maxGapNanos = new AtomicLong();
        private volatile long lastTick = System.nanoTime();

        Ticker() {
            executor.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void tick() {
            long now = System.nanoTime();
            maxGapNanos.accumulateAndGet(now - lastTick, Math::max);
            lastTick = now;
            ticks.incrementAndGet();
        }

        void resetGap() {
            maxGapNanos.set(0);
        }

        @Override
        public void destroy() {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 4})
    void aSlowListenerUnderAFloodKeepsTheHeapBoundedAndTheRestOfTheApplicationWorking(int concurrency) {
        ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "flood-" + concurrency)
                .withConfiguration(AutoConfigurations.of(MqttHealthContributorAutoConfiguration.class))
                .withBean(FloodListeners.class).withBean(Ticker.class)
                // Stopping waits this long for the PUBACKs of the template's QoS 1 publishes, which Mosquitto dropped.
                .withPropertyValues("flood.concurrency=" + concurrency, "mqtt.disconnect-timeout=2s");
        long[] closing = new long[1];
        runner.run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            Window window = new Window(concurrency, context.getBean(Config.class).clientId(),
                    context.getBean(MqttTemplate.class), context.getBean(MqttHealthIndicator.class),
                    context.getBean(Ticker.class), context.getBean(FloodListeners.class));
            try {
                window.observe();
            } finally {
                window.stopClients();
            }
            window.report();
            window.check();
            closing[0] = System.nanoTime();
        });
        Duration close = Duration.ofNanos(System.nanoTime() - closing[0]);
        synchronized (REPORT_TEXT) {
            REPORT_TEXT.append(String.format(Locale.ROOT, "  closing the application took %d ms%n%n",
                    close.toMillis()));
        }
        System.out.printf(Locale.ROOT, "concurrency %d: closing the application took %d ms%n", concurrency,
                close.toMillis());
        assertThat(close).as("time to close the application").isLessThan(MAX_CLOSE);
    }

    /** The flood and the probes of one application, with what they measured. */
    private static final class Window {

        private final int concurrency;
        private final String clientId;
        private final MqttTemplate template;
        private final MqttHealthIndicator health;
        private final Ticker ticker;
        private final FloodListeners listeners;
        private final Service flooder = new Service();
        private final Service observer = new Service();
        private final Map<String, Long> templateArrived = new ConcurrentHashMap<>();
        private final List<Double> heapMb = new ArrayList<>();
        private final List<CompletableFuture<Void>> qos0 = new ArrayList<>();
        private final List<CompletableFuture<Void>> qos1 = new ArrayList<>();
        private final Map<String, Long> templateSent = new ConcurrentHashMap<>();
        private long maxHealthNanos;
        private boolean healthAlwaysUp = true;
        private double baselineHeapMb;
        private long floodPublished;
        private double floodSeconds;
        private int processedAtStart;
        private int processedInWindow;
        private long ticksInWindow;
        private long maxTickGapNanos;
        private long maxTemplateDeliveryNanos;
        private int templateDelivered;
        private long sideSentAt;
        private boolean brokerDroppedForTheApplication;

        Window(int concurrency, String clientId, MqttTemplate template, MqttHealthIndicator health, Ticker ticker,
               FloodListeners listeners) {
            this.concurrency = concurrency;
            this.clientId = clientId;
            this.template = template;
            this.health = health;
            this.ticker = ticker;
            this.listeners = listeners;
        }

        void observe() throws Exception {
            observer.setMessageCallback(message -> templateArrived.putIfAbsent(
                    new String(message.payload(), StandardCharsets.UTF_8), System.nanoTime()));
            observer.start(Config.withClientId(broker.url(), "flood-observer-" + System.nanoTime()));
            observer.subscribe("flood/app/#", 1).await(ListenerTestSupport.TIMEOUT);
            flooder.setQueueTimeout(Duration.ofSeconds(30));
            flooder.start(Config.withClientId(broker.url(), "flooder-" + System.nanoTime()));
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(flooder::isOnline);
            baselineHeapMb = ResourceSampler.heapAfterGc() / 1048576.0;
            processedAtStart = listeners.processed.get();
            long ticksAtStart = ticker.ticks.get();
            ticker.resetGap();
            long start = System.nanoTime();
            Thread flood = new Thread(() -> flood(start), "flooder");
            flood.start();
            int probe = 0;
            for (long at = start; at - start < WINDOW.toNanos(); at += PROBE_EVERY.toNanos()) {
                // Pacing of the probes, not synchronisation: one probe every 500 ms while the flood is on.
                LockSupport.parkNanos(at - System.nanoTime());
                probe(probe++);
                if (sideSentAt == 0 && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(2)) {
                    sideSentAt = System.nanoTime();
                    flooder.publish("flood/side", "behind-the-flood".getBytes(StandardCharsets.UTF_8), 1, false);
                }
            }
            processedInWindow = listeners.processed.get() - processedAtStart;
            ticksInWindow = ticker.ticks.get() - ticksAtStart;
            maxTickGapNanos = ticker.maxGapNanos.get();
            flood.join(TimeUnit.SECONDS.toMillis(30));
            // Whatever did not arrive within the bound after it was sent counts as not delivered.
            Awaitility.await().atMost(MAX_TEMPLATE_DELIVERY).pollInterval(Duration.ofMillis(20))
                    .until(() -> templateArrived.keySet().containsAll(templateSent.keySet()));
            for (Map.Entry<String, Long> sent : templateSent.entrySet()) {
                Long arrived = templateArrived.get(sent.getKey());
                if (arrived != null) {
                    templateDelivered++;
                    maxTemplateDeliveryNanos = Math.max(maxTemplateDeliveryNanos, arrived - sent.getValue());
                }
            }
            brokerDroppedForTheApplication = Files.readString(broker.logFile())
                    .contains("Outgoing messages are being dropped for client " + clientId);
        }

        void stopClients() {
            flooder.stop(true);
            observer.stop(true);
        }

        private void flood(long start) {
            byte[] payload = new byte[PAYLOAD_BYTES];
            for (int i = 0; i < FLOOD_MESSAGES; i++) {
                flooder.publish("flood/data/" + (i % FLOOD_TOPICS), payload, 0, false);
            }
            floodPublished = FLOOD_MESSAGES;
            floodSeconds = (System.nanoTime() - start) / 1e9;
        }

        private void probe(int probe) {
            heapMb.add(ResourceSampler.heapAfterGc() / 1048576.0);
            long before = System.nanoTime();
            Health answer = health.health();
            maxHealthNanos = Math.max(maxHealthNanos, System.nanoTime() - before);
            healthAlwaysUp &= Status.UP.equals(answer.getStatus());
            String zero = "q0-" + probe;
            templateSent.put(zero, System.nanoTime());
            qos0.add(template.publish("flood/app/" + zero, zero, 0, false));
            if (probe % 2 == 0) {
                String one = "q1-" + probe;
                templateSent.put(one, System.nanoTime());
                qos1.add(template.publish("flood/app/" + one, one, 1, false));
            }
        }

        private double maxHeapGrowthMb() {
            return heapMb.stream().mapToDouble(mb -> mb - baselineHeapMb).max().orElse(0);
        }

        void report() {
            long qos0Done = qos0.stream().filter(CompletableFuture::isDone).count();
            long qos1Done = qos1.stream().filter(CompletableFuture::isDone).count();
            Long sideArrived = listeners.sideArrivals.get("behind-the-flood");
            String text = String.format(Locale.ROOT, "Slow listener (%d ms a message), concurrency %d, flood of %,d"
                    + " QoS 0 x %d B published in %.1f s; watched %d s%n", LISTENER_WORK.toMillis(), concurrency,
                    floodPublished, PAYLOAD_BYTES, floodSeconds, WINDOW.toSeconds())
                    + String.format(Locale.ROOT, "  heap after GC: %.1f MB before, max growth %+.1f MB (bound %.0f);"
                    + " samples %s%n", baselineHeapMb, maxHeapGrowthMb(), MAX_HEAP_GROWTH_MB, formatted(heapMb))
                    + String.format(Locale.ROOT, "  slow listener processed %d in the window (%.1f/s)%n",
                    processedInWindow, processedInWindow / (double) WINDOW.toSeconds())
                    + String.format(Locale.ROOT, "  health: always UP %s, slowest answer %.1f ms%n", healthAlwaysUp,
                    maxHealthNanos / 1e6)
                    + String.format(Locale.ROOT, "  other bean: %d ticks of %d ms in %d s, longest gap %d ms%n",
                    ticksInWindow, TICK.toMillis(), WINDOW.toSeconds(), maxTickGapNanos / 1_000_000)
                    + String.format(Locale.ROOT, "  template: %d of %d QoS 0 futures done, %d of %d QoS 1 futures"
                    + " done; %d of %d messages reached another"
                    + " subscriber, slowest after %d ms%n", qos0Done, qos0.size(), qos1Done, qos1.size(),
                    templateDelivered, templateSent.size(), maxTemplateDeliveryNanos / 1_000_000)
                    + String.format(Locale.ROOT, "  Mosquitto logged that it drops outgoing packets for the application:"
                    + " %s%n", brokerDroppedForTheApplication)
                    + String.format(Locale.ROOT, "  other listener on the same connection: %s%n", sideArrived == null
                    ? "message sent at 2 s not received by the end of the window (queued behind the backlog)"
                    : "received after " + (sideArrived - sideSentAt) / 1_000_000 + " ms");
            synchronized (REPORT_TEXT) {
                REPORT_TEXT.append(text);
            }
            System.out.print(text);
        }

        void check() {
            assertThat(floodPublished).as("flood messages published").isEqualTo(FLOOD_MESSAGES);
            assertThat(maxHeapGrowthMb()).as("heap after GC growth during the flood, MB")
                    .isLessThan(MAX_HEAP_GROWTH_MB);
            // Its own rate, less startup and pacing slack: at least half of what 100 ms a message allows.
            double possible = WINDOW.toMillis() / (double) LISTENER_WORK.toMillis() * concurrency;
            assertThat(processedInWindow).as("messages the slow listener processed").isGreaterThan((int) (possible / 2));
            assertThat(healthAlwaysUp).as("health UP throughout").isTrue();
            assertThat(Duration.ofNanos(maxHealthNanos)).as("slowest health answer").isLessThan(MAX_HEALTH_LATENCY);
            assertThat(Duration.ofNanos(maxTickGapNanos)).as("longest gap of the other bean's ticks")
                    .isLessThan(MAX_TICK_GAP);
            assertThat(qos0).as("template QoS 0 publishes").allMatch(CompletableFuture::isDone);
            assertThat(templateDelivered).as("template messages delivered to another subscriber")
                    .isEqualTo(templateSent.size());
            assertThat(listeners.sideArrivals).as("the other listener's message, queued behind the flood").isEmpty();
            assertThat(brokerDroppedForTheApplication).as("Mosquitto dropping outgoing packets for the application,"
                    + " which is why the template's QoS 1 futures do not complete").isTrue();
        }

        private static String formatted(List<Double> values) {
            StringBuilder text = new StringBuilder("[");
            for (double value : values) {
                text.append(text.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.1f", value));
            }
            return text.append(']').toString();
        }
    }
}
