package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.testing.MosquittoBroker;
import dev.mqttj.testing.ResourceSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many services in one JVM against one Mosquitto: all come online and each receives the message sent to it;
 * then the broker is killed and started again, and all come back (a reconnect storm that their backoff with
 * jitter spreads out) and again each receives its own message.
 *
 * <p>The number of services is {@code soak.services} (default 1,000, in every build: the test takes about 10 s).
 * Each one uses its default reconnect delays (1 s to 32 s), so the recovery time below is what an application
 * that sets nothing gets. The figures (heap and threads per service, time to recover) go to standard output
 * and to {@code target/soak-services-report.txt}.
 */
class SoakServicesTest {

    private static final int SERVICES = Integer.getInteger("soak.services", 1000);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path REPORT = Path.of("target", "soak-services-report.txt");

    /**
     * Per idle service: its reader thread. Anything more per instance is a thread that should be shared or end
     * when idle, as the writer does.
     */
    private static final double MAX_THREADS_PER_SERVICE = 1.1;
    /**
     * Per idle service and its connection: session, futures, registry, read buffer (measured: about 5 KB). An
     * idle connection drops its write buffer; 64 KB would mean it keeps one, or a read buffer sized for the
     * largest message, per connection.
     */
    private static final double MAX_HEAP_KB_PER_SERVICE = 64;

    private final ConcurrentMap<Integer, List<String>> received = new ConcurrentHashMap<>();

    @Test
    void manyServicesComeOnlineReceiveTheirOwnMessageAndRecoverFromABrokerRestart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder()
                // -1 (Mosquitto's default) is no limit; said here because this test depends on it.
                .setting("max_connections", "-1")
                .start()) {
            long brokerFileLimit = openFileLimit(broker.pid());
            // Mosquitto inherits this JVM's limit; each connection costs it one descriptor.
            assertThat(brokerFileLimit).as("mosquitto's open file limit").isGreaterThan(SERVICES + 100L);

            long heapBefore = ResourceSampler.heapAfterGc();
            int threadsBefore = ResourceSampler.liveThreads();
            long fdsBefore = ResourceSampler.openFileDescriptors();
            List<Service> services = new ArrayList<>(SERVICES);
            StringBuilder report = new StringBuilder();
            Service publisher = startPublisher(broker);
            try {
                long startNanos = System.nanoTime();
                List<SubscribeFuture> subscriptions = new ArrayList<>(SERVICES);
                for (int i = 0; i < SERVICES; i++) {
                    Service service = startService(broker, i);
                    services.add(service);
                    subscriptions.add(service.subscribe(topic(i), 1));
                }
                for (SubscribeFuture subscription : subscriptions) {
                    subscription.await(PATIENCE);
                }
                await().atMost(PATIENCE).until(() -> services.stream().allMatch(Service::isOnline));
                double secondsToOnline = (System.nanoTime() - startNanos) / 1e9;

                int threadsBusy = ResourceSampler.liveThreads();
                // A connection's writer thread ends after a second without data; idle, a service keeps its reader.
                await().atMost(Duration.ofSeconds(10)).until(() -> threadsPerService(threadsBefore)
                        <= MAX_THREADS_PER_SERVICE);
                long heapOnline = ResourceSampler.heapAfterGc();
                int threadsOnline = ResourceSampler.liveThreads();
                long fdsOnline = ResourceSampler.openFileDescriptors();
                double heapKbPerService = (heapOnline - heapBefore) / 1024.0 / SERVICES;
                double threadsPerService = threadsPerService(threadsBefore);

                deliverOneMessageToEach(publisher, "first");
                double secondsToDeliver = (System.nanoTime() - startNanos) / 1e9 - secondsToOnline;

                long attemptsBefore = totalConnectionAttempts(services);
                long killedAt = System.nanoTime();
                broker.kill();
                await().atMost(PATIENCE).until(() -> services.stream().noneMatch(Service::isOnline));
                double secondsToNoticeLoss = (System.nanoTime() - killedAt) / 1e9;
                long restartedAt = System.nanoTime();
                broker.start();
                double secondsToRestartBroker = (System.nanoTime() - restartedAt) / 1e9;
                List<Double> backOnline = new CopyOnWriteArrayList<>();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
                    long online = services.stream().filter(Service::isOnline).count();
                    if (online == SERVICES) {
                        backOnline.add((System.nanoTime() - restartedAt) / 1e9);
                    }
                    return online == SERVICES;
                });
                double secondsToRecover = backOnline.get(0);
                long attemptsDuringRecovery = totalConnectionAttempts(services) - attemptsBefore;
                await().atMost(PATIENCE).until(publisher::isOnline);
                deliverOneMessageToEach(publisher, "second");

                report.append(String.format(Locale.ROOT, "%d services against one Mosquitto (open file limit %d)%n",
                        SERVICES, brokerFileLimit))
                        .append(String.format(Locale.ROOT, "all online and subscribed after     %.2f s%n",
                                secondsToOnline))
                        .append(String.format(Locale.ROOT, "each received its own message after %.2f s more%n",
                                secondsToDeliver))
                        .append(String.format(Locale.ROOT, "heap per service (after GC)         %.1f KB (%.1f MB"
                                + " for all)%n", heapKbPerService, (heapOnline - heapBefore) / 1048576.0))
                        .append(String.format(Locale.ROOT, "threads per service, idle           %.3f (%d -> %d;"
                                + " %d right after subscribing, writers included)%n",
                                threadsPerService, threadsBefore, threadsOnline, threadsBusy))
                        .append(String.format(Locale.ROOT, "file descriptors                    %d -> %d%n",
                                fdsBefore, fdsOnline))
                        .append(String.format(Locale.ROOT, "broker killed: all offline after    %.2f s%n",
                                secondsToNoticeLoss))
                        .append(String.format(Locale.ROOT, "broker started again in             %.3f s%n",
                                secondsToRestartBroker))
                        .append(String.format(Locale.ROOT, "all online again after              %.2f s"
                                + " (from the broker's start; default backoff 1 s..32 s with jitter)%n",
                                secondsToRecover))
                        .append(String.format(Locale.ROOT, "connection attempts while recovering %d (%.2f per"
                                + " service)%n", attemptsDuringRecovery, attemptsDuringRecovery / (double) SERVICES));
                ResourceSampler.publish(REPORT, report.toString());

                assertThat(threadsPerService).as("threads per service").isLessThanOrEqualTo(MAX_THREADS_PER_SERVICE);
                assertThat(heapKbPerService).as("heap per service, KB").isLessThanOrEqualTo(MAX_HEAP_KB_PER_SERVICE);
                // The first retry waits 0.5 s to 1 s (the upper half of the 1 s minimum delay); a few may need a
                // second one if they came before the broker listened. Far more would mean no jitter or no backoff.
                assertThat(secondsToRecover).as("seconds until all are online again").isLessThan(10.0);
                assertThat(attemptsDuringRecovery).as("connection attempts while recovering")
                        .isLessThanOrEqualTo(3L * SERVICES);
            } finally {
                publisher.stop(true);
                services.parallelStream().forEach(service -> service.stop(true));
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(ResourceSampler.liveThreads())
                    .as("live threads after stopping every service").isLessThanOrEqualTo(threadsBefore + 5));
            System.out.printf(Locale.ROOT, "after stopping all: threads %d, fds %d%n",
                    ResourceSampler.liveThreads(), ResourceSampler.openFileDescriptors());
        }
    }

    private static String topic(int i) {
        return "fleet/" + i;
    }

    private Service startService(MosquittoBroker broker, int index) {
        Service service = new Service();
        service.setMessageCallback(message -> received.computeIfAbsent(index, key -> new CopyOnWriteArrayList<>())
                .add(new String(message.payload(), StandardCharsets.UTF_8)));
        service.start(Config.withClientId(broker.url(), "fleet-" + index));
        return service;
    }

    private static Service startPublisher(MosquittoBroker broker) {
        Service publisher = new Service();
        publisher.setMinReconnectDelay(Duration.ofMillis(50));
        publisher.setMaxReconnectDelay(Duration.ofMillis(500));
        publisher.start(Config.withClientId(broker.url(), "fleet-publisher"));
        return publisher;
    }

    /** Sends "round:i" to each service's topic and waits until each has received exactly what was sent to it. */
    private void deliverOneMessageToEach(Service publisher, String round) throws Exception {
        List<GenericFuture<Void>> publishes = new ArrayList<>(SERVICES);
        for (int i = 0; i < SERVICES; i++) {
            publishes.add(publisher.publish(topic(i), (round + ":" + i).getBytes(StandardCharsets.UTF_8), 1, false));
        }
        for (GenericFuture<Void> publish : publishes) {
            publish.await(PATIENCE);
        }
        await().atMost(PATIENCE).until(() -> IntStream.range(0, SERVICES)
                .allMatch(i -> received.getOrDefault(i, List.of()).contains(round + ":" + i)));
        Map<Integer, List<String>> wrong = new TreeMap<>();
        for (int i = 0; i < SERVICES; i++) {
            String suffix = ":" + i;
            List<String> mine = received.getOrDefault(i, List.of());
            if (!mine.stream().allMatch(payload -> payload.endsWith(suffix))) {
                wrong.put(i, mine);
            }
        }
        assertThat(wrong).as("services that received a message sent to another").isEmpty();
    }

    private static double threadsPerService(int threadsBefore) {
        return (ResourceSampler.liveThreads() - threadsBefore) / (double) SERVICES;
    }

    private static long totalConnectionAttempts(List<Service> services) {
        return services.stream().mapToLong(service -> service.status().connectionAttempts()).sum();
    }

    /** Reads the soft "Max open files" limit of a process from /proc; Long.MAX_VALUE where unknown. */
    private static long openFileLimit(long pid) throws IOException {
        Path limits = Path.of("/proc", Long.toString(pid), "limits");
        if (!Files.exists(limits)) {
            return Long.MAX_VALUE;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }
}
