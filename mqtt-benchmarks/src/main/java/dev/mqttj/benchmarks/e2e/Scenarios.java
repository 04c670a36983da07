package dev.mqttj.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;

/**
 * Runs one scenario for one client kind inside a worker JVM and returns its figures. Every client
 * and connection a run creates is closed before it returns, so runs do not leak into each other.
 */
final class Scenarios {

    static final int PAYLOAD_SIZE = 64;
    static final int MAX_IN_FLIGHT = 1_000;
    static final int LATENCY_RATE = 2_000;
    private static final int CONNECT_THREADS = 32;

    private final ClientKind kind;
    private final long timeoutNanos;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private int sequence;
    /** The broker of the current run: the harness alternates between brokers with the same worker. */
    private int port;

    Scenarios(ClientKind kind, long timeoutSeconds) {
        this.kind = kind;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    Map<String, Double> run(Scenario scenario, int count, int port) throws Exception {
        this.port = port;
        String tag = kind.name().toLowerCase() + "-" + scenario.id() + "-" + (++sequence);
        switch (scenario) {
            case QOS0:
                return kind == ClientKind.RAW ? rawQos0(tag, count) : publishThroughput(tag, count, 0);
            case QOS1:
                return publishThroughput(tag, count, 1);
            case QOS2:
                return publishThroughput(tag, count, 2);
            case E2E:
                return endToEnd(tag, count);
            case LATENCY:
                return latency(tag, count);
            case IDLE:
                return idle(tag, count);
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private Map<String, Double> rawQos0(String tag, int count) throws Exception {
        byte[] payload = new byte[PAYLOAD_SIZE];
        try (RawSocketPublisher publisher = new RawSocketPublisher(tag, port)) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            publisher.publish("bench/" + tag, payload, count);
            return throughput(count, System.nanoTime() - start, os.getProcessCpuTime() - cpu);
        }
    }

    /**
     * QoS 0 is done when the PUBACK of a final QoS 1 message arrives: the broker handles a connection's
     * packets in order, so it has read every QoS 0 message before. QoS 1 and 2 keep at most
     * {@link #MAX_IN_FLIGHT} messages unacknowledged and are done on the last acknowledgement.
     */
    private Map<String, Double> publishThroughput(String tag, int count, int qos) throws Exception {
        BenchClient client = BenchClient.create(kind);
        client.connect(tag, port, null);
        try {
            String topic = "bench/" + tag;
            byte[] payload = new byte[PAYLOAD_SIZE];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            if (qos == 0) {
                for (int i = 0; i < count; i++) {
                    client.publishQos0(topic, payload);
                }
                CountDownLatch fence = new CountDownLatch(1);
                client.publish(topic, payload, 1, error -> {
                    failure.compareAndSet(null, error);
                    fence.countDown();
                });
                await(fence, "QoS 0 fence PUBACK");
            } else {
                Semaphore window = new Semaphore(MAX_IN_FLIGHT);
                CountDownLatch acknowledged = new CountDownLatch(count);
                for (int i = 0; i < count; i++) {
                    acquire(window);
                    client.publish(topic, payload, qos, error -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        window.release();
                        acknowledged.countDown();
                    });
                }
                await(acknowledged, "QoS " + qos + " acknowledgements");
            }
            long elapsed = System.nanoTime() - start;
            long cpuUsed = os.getProcessCpuTime() - cpu;
            check(failure);
            return throughput(count, elapsed, cpuUsed);
        } finally {
            client.disconnect();
        }
    }

    /** One publisher and one subscriber; done when the subscriber has received every message. */
    private Map<String, Double> endToEnd(String tag, int count) throws Exception {
        String topic = "bench/" + tag;
        CountDownLatch received = new CountDownLatch(count);
        BenchClient subscriber = BenchClient.create(kind);
        subscriber.connect(tag + "-sub", port, payload -> received.countDown());
        BenchClient publisher = BenchClient.create(kind);
        try {
            subscriber.subscribe(topic, 1);
            publisher.connect(tag + "-pub", port, null);
            byte[] payload = new byte[PAYLOAD_SIZE];
            Semaphore window = new Semaphore(MAX_IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                acquire(window);
                publisher.publish(topic, payload, 1, error -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    window.release();
                });
            }
            await(received, "messages at the subscriber");
            long elapsed = System.nanoTime() - start;
            long cpuUsed = os.getProcessCpuTime() - cpu;
            check(failure);
            return throughput(count, elapsed, cpuUsed);
        } finally {
            disconnectQuietly(publisher);
            subscriber.disconnect();
        }
    }

    /**
     * Publishes QoS 1 at a fixed rate to a topic another client of the same kind subscribes to; each
     * payload carries its send time, so latency is measured on one clock in one JVM.
     */
    private Map<String, Double> latency(String tag, int count) throws Exception {
        String topic = "bench/" + tag;
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch received = new CountDownLatch(count);
        BenchClient subscriber = BenchClient.create(kind);
        subscriber.connect(tag + "-sub", port, payload -> {
            long latency = System.nanoTime() - ByteBuffer.wrap(payload).getLong();
            int index = next.getAndIncrement();
            if (index < latencies.length) {
                latencies[index] = latency;
            }
            received.countDown();
        });
        BenchClient publisher = BenchClient.create(kind);
        try {
            subscriber.subscribe(topic, 1);
            publisher.connect(tag + "-pub", port, null);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long interval = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                byte[] payload = new byte[PAYLOAD_SIZE];
                ByteBuffer.wrap(payload).putLong(System.nanoTime());
                publisher.publish(topic, payload, 1, error -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            await(received, "latency messages at the subscriber");
            check(failure);
            long[] sorted = Arrays.copyOf(latencies, Math.min(count, next.get()));
            Arrays.sort(sorted);
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("p50", percentileMicros(sorted, 0.50));
            result.put("p99", percentileMicros(sorted, 0.99));
            result.put("p999", percentileMicros(sorted, 0.999));
            return result;
        } finally {
            disconnectQuietly(publisher);
            subscriber.disconnect();
        }
    }

    /** How long connected clients stay idle before their heap and threads are counted. */
    static final long IDLE_SETTLE_MILLIS = 3_000;
    static final long QUICK_IDLE_SETTLE_MILLIS = 1_200;

    /** Retained heap and threads of {@code count} connected idle clients, per client. */
    private Map<String, Double> idle(String tag, int count) throws Exception {
        long heapBefore = liveHeapBytes();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<BenchClient> clients = Collections.synchronizedList(new ArrayList<>(count));
        try {
            connectConcurrently(tag, count, clients);
            // Idle means connected with no traffic for a while, not just connected: a client may drop
            // what only sending needs (our writer thread ends after 1 s). 3 s is well inside every
            // client's 30 s keep-alive, so no ping is due yet.
            // The quick smoke run (a handful of clients) waits just past that second.
            Thread.sleep(count >= 100 ? IDLE_SETTLE_MILLIS : QUICK_IDLE_SETTLE_MILLIS);
            long heapAfter = liveHeapBytes();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("heapKiB", (heapAfter - heapBefore) / 1024.0 / count);
            result.put("threads", (threadsAfter - threadsBefore) / (double) count);
            return result;
        } finally {
            for (BenchClient client : clients) {
                disconnectQuietly(client);
            }
        }
    }

    /**
     * Connects from a few threads at once, because some clients take a third of a second per connect
     * (Paho). The pool is gone before the threads are counted.
     */
    private void connectConcurrently(String tag, int count, List<BenchClient> clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, CONNECT_THREADS));
        try {
            List<Future<?>> connects = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String clientId = tag + "-" + i;
                connects.add(pool.submit(() -> {
                    BenchClient client = BenchClient.create(kind);
                    client.connect(clientId, port, null);
                    clients.add(client);
                    return null;
                }));
            }
            for (Future<?> connect : connects) {
                connect.get(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("idle clients still connecting after "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
            }
        }
    }

    /**
     * The bytes of all live objects, from a class histogram (which collects first). The heap's "used"
     * figure is no good here: after a collection it still counts the unfilled rest of the last region
     * in use, up to a region (1 MiB here) of slack, which divided over 200 clients is several KiB each.
     */
    private static long liveHeapBytes() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Total")) {
                String[] columns = trimmed.split("\\s+");
                return Long.parseLong(columns[2]);
            }
        }
        throw new IllegalStateException("class histogram without a Total line");
    }

    private static double percentileMicros(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000.0;
    }

    private static Map<String, Double> throughput(int count, long elapsedNanos, long cpuNanos) {
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("rate", count * 1e9 / elapsedNanos);
        result.put("cpu", cpuNanos / 1_000.0 / count);
        return result;
    }

    private void acquire(Semaphore window) throws InterruptedException, TimeoutException {
        if (!window.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("no publish acknowledged within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                    + " s while " + MAX_IN_FLIGHT + " were in flight");
        }
    }

    private void await(CountDownLatch latch, String what) throws InterruptedException, TimeoutException {
        if (!latch.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException(what + ": " + latch.getCount() + " still missing after "
                    + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
        }
    }

    private static void check(AtomicReference<Throwable> failure) throws Exception {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("a publish failed: " + error, error);
        }
    }

    private static void disconnectQuietly(BenchClient client) {
        try {
            client.disconnect();
        } catch (Exception | LinkageError e) {
            System.err.println("disconnect failed: " + e);
        }
    }
}
