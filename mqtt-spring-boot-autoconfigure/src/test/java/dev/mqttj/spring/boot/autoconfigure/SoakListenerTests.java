package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.testing.ResourceSampler;
import dev.mqttj.testing.ResourceSampler.Sample;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Soak: 5,000 QoS 1 messages a second through Mosquitto into an {@code @MqttListener} of a running application,
 * with Mosquitto restarted twice, and no message lost; heap after GC, live threads and open file descriptors,
 * sampled every 10 s, must show no upward trend.
 *
 * <p>How long: {@code soak.duration} (an ISO-8601 duration; {@code PT60S} unless set, {@code PT10M} in the
 * {@code soak} profile). The first 10 s are warm-up: class loading, JIT and pools make the heap and the thread
 * count move there for reasons that do not repeat. Mosquitto is restarted a third and two thirds into the run,
 * 5 s off the sampling times, so that a sample never catches the connections between two brokers.
 *
 * <p>Sessions on both sides survive the restarts: the publisher is a core {@link Service} with a persistent
 * session (clean-session false, fixed client id; its session store keeps what the broker has not acknowledged);
 * the application's connection has clean-session false and a fixed client id; Mosquitto has persistence and is
 * stopped gracefully (SIGTERM: it saves its database, with the subscription and the queued messages, and exits)
 * and started again on the same port. A SIGKILL would lose what Mosquitto acknowledged since its last save, which
 * is Mosquitto's loss, not the client's (see {@code BrokerCrashTest}).
 *
 * <p>The publisher runs in this JVM: its leaks would show in the samples too, which is intended.
 *
 * <p>Figures: standard output and {@code target/soak-report.txt}.
 */
class SoakListenerTests {

    private static final Duration DURATION = Duration.parse(System.getProperty("soak.duration", "PT60S"));
    private static final int RATE_PER_SECOND = 5_000;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final String TOPIC = "soak/messages";
    private static final int PAYLOAD_BYTES = 64;
    private static final Path REPORT = Path.of("target", "soak-report.txt");

    /**
     * Heap after GC may grow by less than this per minute. A leak of the message rate keeps something per
     * message: at 5,000 messages a second, 10 MB a minute is 35 bytes a message, less than the smallest thing a
     * per-message leak can keep (a map entry with its boxed key is about 48 bytes, a message object more). The
     * heap after GC measured here varies by about 0.2 MB between samples, a slope of well under 1 MB/min even
     * over the one minute of the short run.
     */
    private static final double MAX_HEAP_SLOPE_MB_PER_MINUTE = 10.0;
    /**
     * Live threads after warm-up may differ by this much between samples: a connection's writer thread ends
     * after a second without data and a timer thread after a second without work, so a sample can see them or
     * not. A thread leaked per reconnect would add one per connection and restart.
     */
    private static final int MAX_THREAD_SPREAD = 3;
    /** Open file descriptors after warm-up may differ by this much: the test itself opens files and sockets. */
    private static final int MAX_FD_SPREAD = 6;
    /**
     * The trend of threads and descriptors per minute. Over 60 s of samples one more thread in the last sample
     * alone is about 1.7 a minute; a leak per restart (two restarts, two connections) is four in the run.
     */
    private static final double MAX_COUNT_SLOPE_PER_MINUTE = 2.0;

    /** Records each message id it receives; a second delivery of an id counts as a duplicate. */
    static class SoakListener {

        private final BitSet seen;
        private long distinct;
        private long duplicates;

        SoakListener(int capacity) {
            seen = new BitSet(capacity);
        }

        @MqttListener(topics = TOPIC, id = "soak", qos = "1")
        void on(byte[] payload) {
            int id = ByteBuffer.wrap(payload).getInt();
            synchronized (this) {
                if (seen.get(id)) {
                    duplicates++;
                } else {
                    seen.set(id);
                    distinct++;
                }
            }
        }

        synchronized long distinct() {
            return distinct;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized int firstMissing(int published) {
            int missing = seen.nextClearBit(0);
            return missing < published ? missing : -1;
        }
    }

    @Test
    void fiveThousandQos1MessagesASecondWithTwoBrokerRestartsLoseNothingAndLeakNothing() throws Exception {
        int capacity = (int) (RATE_PER_SECOND * (DURATION.toSeconds() + 60));
        try (MosquittoBroker broker = MosquittoBroker.builder().persistence(true)
                // Saved on the graceful stops; a save after every change (the builder's default) would make
                // Mosquitto rewrite its database thousands of times a second.
                .setting("autosave_on_changes", "false")
                .setting("autosave_interval", "30")
                // Unlimited: while the listener reconnects after a restart the publisher may come back first, and
                // Mosquitto's default queue of 1,000 for an offline session would drop the rest at this rate.
                .setting("max_queued_messages", "0")
                .start()) {
            SoakListener listener = new SoakListener(capacity);
            ListenerTestSupport.runner(broker.url())
                    .withBean(SoakListener.class, () -> listener)
                    .withPropertyValues("mqtt.client-id=soak-listener", "mqtt.clean-session=false")
                    .run(context -> {
                        ListenerTestSupport.awaitSubscribed(context);
                        Service application = context.getBean(Service.class);
                        new Run(broker, application, listener).execute();
                    });
        }
    }

    /** One soak run: the publisher, the sampler and the restarts on a schedule, then the drain and the checks. */
    private static final class Run {

        private final MosquittoBroker broker;
        private final Service application;
        private final SoakListener listener;
        private final Service publisher = new Service();
        private final ResourceSampler sampler = new ResourceSampler();
        private final AtomicLong published = new AtomicLong();
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final List<String> restarts = new ArrayList<>();
        private volatile boolean publishing = true;

        Run(MosquittoBroker broker, Service application, SoakListener listener) {
            this.broker = broker;
            this.application = application;
            this.listener = listener;
        }

        void execute() throws Exception {
            publisher.setMinReconnectDelay(Duration.ofMillis(50));
            publisher.setMaxReconnectDelay(Duration.ofMillis(500));
            // While the broker restarts, publishes wait in the queue; they must wait, not fail.
            publisher.setQueueTimeout(Duration.ofSeconds(60));
            publisher.start(Config.builder(broker.url()).clientId("soak-publisher").cleanSession(false).build());
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(publisher::isOnline);

            ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "soak-schedule");
                thread.setDaemon(true);
                return thread;
            });
            Thread publishingThread = new Thread(this::publishAtRate, "soak-publisher");
            CompletableFuture<Void> samplingDone = new CompletableFuture<>();
            long durationMillis = DURATION.toMillis();
            try {
                sampler.sample("start");
                publishingThread.start();
                long every = SAMPLE_EVERY.toMillis();
                for (long at = every; at <= durationMillis; at += every) {
                    boolean last = at + every > durationMillis;
                    schedule.schedule(() -> {
                        try {
                            sampler.sample(progress());
                            if (last) {
                                samplingDone.complete(null);
                            }
                        } catch (Throwable e) {
                            samplingDone.completeExceptionally(e);
                        }
                    }, at, TimeUnit.MILLISECONDS);
                }
                for (int restart = 1; restart <= 2; restart++) {
                    long at = durationMillis * restart / 3 + 5_000;
                    schedule.schedule(this::restartBroker, at, TimeUnit.MILLISECONDS);
                }
                samplingDone.get(durationMillis + 120_000, TimeUnit.MILLISECONDS);
            } finally {
                publishing = false;
                publishingThread.join(TimeUnit.SECONDS.toMillis(90));
                schedule.shutdownNow();
            }
            drainAndCheck();
        }

        /** Publishes ids 0, 1, 2, ... at the rate, catching up after a pause (a restart) rather than skipping. */
        private void publishAtRate() {
            long start = System.nanoTime();
            byte[] padding = new byte[PAYLOAD_BYTES - Integer.BYTES];
            while (publishing) {
                long due = (System.nanoTime() - start) * RATE_PER_SECOND / 1_000_000_000L;
                while (published.get() < due && publishing) {
                    int id = (int) published.getAndIncrement();
                    byte[] payload = ByteBuffer.allocate(PAYLOAD_BYTES).putInt(id).put(padding).array();
                    publisher.publish(TOPIC, payload, 1, false).onComplete((ok, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }
                // Pacing, not synchronisation: publish the next millisecond's share of messages.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }

        private void restartBroker() {
            long stopping = System.nanoTime();
            broker.restart();
            long started = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> publisher.isOnline() && application.isOnline());
            long online = System.nanoTime();
            synchronized (restarts) {
                restarts.add(String.format(Locale.ROOT, "restart at %.1f s: broker down and up in %d ms, both"
                        + " clients online %d ms after its start", sampler.secondsAt(stopping),
                        (started - stopping) / 1_000_000, (online - started) / 1_000_000));
            }
        }

        private String progress() {
            return String.format(Locale.ROOT, "published %d, acknowledged %d, received %d distinct + %d duplicates",
                    published.get(), acknowledged.get(), listener.distinct(), listener.duplicates());
        }

        /**
         * Lost: an id the publisher handed to its service that the listener never received. Every publish must
         * also have been acknowledged by the broker (none failed), so a lost id cannot hide as a refused publish.
         */
        private void drainAndCheck() {
            long total = published.get();
            Awaitility.await().atMost(DRAIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> acknowledged.get() + failed.get() == total && listener.distinct() >= total);
            publisher.stop(true);
            long lost = total - listener.distinct();
            List<Sample> all = sampler.samples();
            List<Sample> measured = sampler.samplesAfter(WARM_UP);
            double heapSlope = ResourceSampler.slopePerMinute(measured, Sample::heapAfterGcMb);
            double threadSlope = ResourceSampler.slopePerMinute(measured, Sample::liveThreads);
            double threadSpread = ResourceSampler.spread(measured, Sample::liveThreads);
            boolean fds = ResourceSampler.fileDescriptorsSupported();
            double fdSlope = fds ? ResourceSampler.slopePerMinute(measured, Sample::openFileDescriptors) : 0;
            double fdSpread = fds ? ResourceSampler.spread(measured, Sample::openFileDescriptors) : 0;

            StringBuilder report = new StringBuilder();
            report.append(String.format(Locale.ROOT, "Soak: %s at %,d QoS 1 messages/s into an @MqttListener,"
                    + " Mosquitto restarted twice%n", DURATION, RATE_PER_SECOND));
            report.append(ResourceSampler.table(all));
            synchronized (restarts) {
                restarts.forEach(line -> report.append(line).append(System.lineSeparator()));
            }
            report.append(String.format(Locale.ROOT, "published %,d, acknowledged %,d, failed %,d, received %,d"
                    + " distinct, %,d duplicates, lost %,d%n", total, acknowledged.get(), failed.get(),
                    listener.distinct(), listener.duplicates(), lost));
            report.append(String.format(Locale.ROOT, "after %s warm-up, %d samples: heap after GC slope %+.2f MB/min"
                    + " (bound %.1f); threads slope %+.2f/min, spread %.0f (bounds %.1f, %d); ",
                    WARM_UP, measured.size(), heapSlope, MAX_HEAP_SLOPE_MB_PER_MINUTE, threadSlope, threadSpread,
                    MAX_COUNT_SLOPE_PER_MINUTE, MAX_THREAD_SPREAD));
            report.append(fds ? String.format(Locale.ROOT, "fds slope %+.2f/min, spread %.0f (bounds %.1f, %d)%n",
                    fdSlope, fdSpread, MAX_COUNT_SLOPE_PER_MINUTE, MAX_FD_SPREAD)
                    : "fds not checked: no /proc/self/fd (not Linux)" + System.lineSeparator());
            ResourceSampler.publish(REPORT, report.toString());

            assertThat(failed.get()).as("publishes that failed").isZero();
            assertThat(lost).as("messages lost; first missing id %d", listener.firstMissing((int) total)).isZero();
            assertThat(restarts).as("broker restarts done").hasSize(2);
            assertThat(heapSlope).as("heap after GC, MB per minute").isLessThan(MAX_HEAP_SLOPE_MB_PER_MINUTE);
            assertThat(threadSpread).as("live threads, max - min").isLessThanOrEqualTo(MAX_THREAD_SPREAD);
            assertThat(threadSlope).as("live threads per minute").isLessThan(MAX_COUNT_SLOPE_PER_MINUTE);
            if (fds) {
                assertThat(fdSpread).as("open file descriptors, max - min").isLessThanOrEqualTo(MAX_FD_SPREAD);
                assertThat(fdSlope).as("open file descriptors per minute").isLessThan(MAX_COUNT_SLOPE_PER_MINUTE);
            }
        }
    }
}
