package dev.mqttj.benchmarks.spring;

import dev.mqttj.benchmarks.e2e.SinkBroker;
import dev.mqttj.client.GenericFuture;
import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttTemplate;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link MqttTemplate} costs per message beside the {@link Service} it publishes through, as a ratio that a
 * noisy machine cannot skew: the application's own service and template (the {@link BenchApplication}, against
 * a {@link SinkBroker} in this JVM) publish in alternating slices, and each slice is measured in the CPU time of
 * the publishing thread plus the client's threads (reader, writer, service). The ratio is taken per round (one
 * slice of each candidate) and its median over the rounds reported. GC runs on other threads and is not
 * counted (the process's CPU time, which counts it, varied by a factor of two between slices of the same code
 * on the shared machine); the allocation per message is printed so it can be weighed.
 *
 * <p>Pairs: {@code byte[]} payloads through {@code Service.publish} and {@code MqttTemplate.publish} at QoS 0
 * and 1, and a {@link Reading} serialized by the application's Jackson {@code JsonMapper} and then published by
 * the service, beside the same record given to {@code MqttTemplate.publish}. A QoS 0 slice ends with one QoS 1
 * publish whose PUBACK shows the broker read everything before it; a QoS 1 slice sends batches of 1,000 (the
 * in-flight window) and waits for the last PUBACK of each.
 *
 * <p>Usage: {@code java -Xms512m -Xmx512m -cp "mqtt-benchmarks/target/classes:$(cat
 * mqtt-benchmarks/target/spring-classpath.txt)" dev.mqttj.benchmarks.spring.TemplatePublishRatio [rounds]
 * [QoS 0 messages per slice]}; defaults: 20 rounds, 200,000 (QoS 1 slices a quarter of it).
 */
public final class TemplatePublishRatio {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int SENSORS = 100;
    private static final int QOS1_BATCH = 1_000;
    private static final long TIMESTAMP = 1_764_748_800_000L;
    private static final int WARM_UP_ROUNDS = 5;

    /** The candidates, in pairs: the raw way first, the template second. */
    enum Candidate {
        SERVICE_BYTES_QOS0("Service.publish(byte[]) QoS 0"),
        TEMPLATE_BYTES_QOS0("MqttTemplate.publish(byte[]) QoS 0"),
        SERVICE_BYTES_QOS1("Service.publish(byte[]) QoS 1"),
        TEMPLATE_BYTES_QOS1("MqttTemplate.publish(byte[]) QoS 1"),
        JACKSON_SERVICE_QOS0("JsonMapper.writeValueAsBytes + Service.publish QoS 0"),
        TEMPLATE_RECORD_QOS0("MqttTemplate.publish(record) QoS 0"),
        JACKSON_SERVICE_QOS1("JsonMapper.writeValueAsBytes + Service.publish QoS 1"),
        TEMPLATE_RECORD_QOS1("MqttTemplate.publish(record) QoS 1");

        final String label;

        Candidate(String label) {
            this.label = label;
        }

        int qos() {
            return name().endsWith("QOS1") ? 1 : 0;
        }
    }

    private static final String CLIENT_ID = "spring-template";

    private final SinkBroker broker;
    private final Service service;
    private final MqttTemplate template;
    private final JsonMapper jsonMapper;
    private final String[] topics = new String[SENSORS];
    private final byte[][] payloads = new byte[SENSORS][];
    private final Reading[] readings = new Reading[SENSORS];
    private final byte[] fence = {0};
    private final ClientThreads clientThreads = new ClientThreads(CLIENT_ID);
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private int next;

    TemplatePublishRatio(SinkBroker broker, ConfigurableApplicationContext context) {
        this.broker = broker;
        this.service = context.getBean(Service.class);
        this.template = context.getBean(MqttTemplate.class);
        this.jsonMapper = context.getBean(JsonMapper.class);
        for (int i = 0; i < SENSORS; i++) {
            // No listener of the application subscribes to these: the broker only counts them.
            topics[i] = "telemetry/s-" + i;
            readings[i] = new Reading("s-" + i, 15 + i / 10.0, TIMESTAMP + i);
            payloads[i] = jsonMapper.writeValueAsBytes(readings[i]);
        }
    }

    /**
     * Runs the comparison and prints one line per candidate and one per pair.
     *
     * @param args optional rounds and QoS 0 messages per slice
     * @throws Exception if the application did not start or a publish failed
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf(Locale.ROOT, "%d rounds, %,d QoS 0 / %,d QoS 1 messages per slice, JDK %s, %d CPUs, load %s%n",
                rounds, messages, messages / 4, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                LoadAverage.read());
        try (SinkBroker broker = SinkBroker.start(0);
                ConfigurableApplicationContext context = BenchApplication.start(broker.port(), CLIENT_ID)) {
            new TemplatePublishRatio(broker, context).compare(rounds, messages);
        }
        System.out.printf(Locale.ROOT, "load %s%n", LoadAverage.read());
    }

    private void compare(int rounds, int messages) throws Exception {
        Candidate[] candidates = Candidate.values();
        int n = candidates.length;
        for (int r = 0; r < WARM_UP_ROUNDS; r++) {
            for (Candidate candidate : candidates) {
                slice(candidate, countFor(candidate, messages));
            }
        }
        double[][] nanosPerMessage = new double[n][rounds];
        double[][] bytesPerMessage = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                // The order rotates, so no candidate always runs right after the same other one.
                Candidate candidate = candidates[(k + r) % n];
                int count = countFor(candidate, messages);
                long[] used = slice(candidate, count);
                nanosPerMessage[candidate.ordinal()][r] = (double) used[0] / count;
                bytesPerMessage[candidate.ordinal()][r] = (double) used[1] / count;
            }
        }
        for (Candidate candidate : candidates) {
            double[] values = nanosPerMessage[candidate.ordinal()];
            System.out.printf(Locale.ROOT, "%-52s %7.0f ns/msg (median of rounds; middle half %.0f..%.0f), %4.0f B/msg%n",
                    candidate.label, Rounds.median(values), Rounds.lowerQuartile(values), Rounds.upperQuartile(values),
                    Rounds.median(bytesPerMessage[candidate.ordinal()]));
        }
        for (int pair = 0; pair < n; pair += 2) {
            double[] ratios = Rounds.ratios(nanosPerMessage[pair], nanosPerMessage[pair + 1]);
            System.out.printf(Locale.ROOT, "%-52s %.3fx of %s (median of rounds; middle half %.3fx..%.3fx, min %.3fx,"
                    + " max %.3fx)%n", candidates[pair + 1].label, Rounds.median(ratios), candidates[pair].label,
                    Rounds.lowerQuartile(ratios), Rounds.upperQuartile(ratios), Rounds.min(ratios), Rounds.max(ratios));
        }
    }

    private static int countFor(Candidate candidate, int messages) {
        return candidate.qos() == 0 ? messages : Math.max(QOS1_BATCH, messages / 4 / QOS1_BATCH * QOS1_BATCH);
    }

    /**
     * Publishes {@code count} messages the candidate's way and returns the CPU nanoseconds and allocated bytes of
     * the publishing thread and the client's threads.
     */
    long[] slice(Candidate candidate, int count) throws Exception {
        long self = Thread.currentThread().getId();
        ClientThreads.Snapshot clientStart = clientThreads.snapshot();
        long start = threads.getCurrentThreadCpuTime();
        long bytesStart = threads.getThreadAllocatedBytes(self);
        long publishesStart = broker.publishes();
        if (candidate.qos() == 0) {
            for (int i = 0; i < count; i++) {
                publish(candidate, 0);
            }
            service.publish("telemetry/fence", fence, 1, false).await(TIMEOUT);
            count++;
        } else {
            for (int done = 0; done < count; done += QOS1_BATCH) {
                Object last = null;
                for (int i = 0; i < QOS1_BATCH; i++) {
                    last = publish(candidate, 1);
                }
                await(last);
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        long bytes = threads.getThreadAllocatedBytes(self) - bytesStart;
        long[] client = clientThreads.snapshot().since(clientStart);
        long received = broker.publishes() - publishesStart;
        if (received < count) {
            throw new IllegalStateException(candidate + ": the broker received " + received + " of " + count);
        }
        return new long[] {cpu + client[0], bytes + client[1]};
    }

    /** One publish the candidate's way; returns its future, a {@code GenericFuture} or a {@code CompletableFuture}. */
    private Object publish(Candidate candidate, int qos) {
        int sensor = next++ % SENSORS;
        switch (candidate) {
            case SERVICE_BYTES_QOS0:
            case SERVICE_BYTES_QOS1:
                return service.publish(topics[sensor], payloads[sensor], qos, false);
            case TEMPLATE_BYTES_QOS0:
            case TEMPLATE_BYTES_QOS1:
                return template.publish(topics[sensor], payloads[sensor], qos, false);
            case JACKSON_SERVICE_QOS0:
            case JACKSON_SERVICE_QOS1:
                return service.publish(topics[sensor], jsonMapper.writeValueAsBytes(readings[sensor]), qos, false);
            default:
                return template.publish(topics[sensor], readings[sensor], qos, false);
        }
    }

    private static void await(Object future) throws Exception {
        if (future instanceof GenericFuture<?> generic) {
            generic.await(TIMEOUT);
        } else {
            ((CompletableFuture<?>) future).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
