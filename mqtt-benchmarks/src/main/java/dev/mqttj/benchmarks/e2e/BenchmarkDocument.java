package dev.mqttj.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Renders a run of the {@link Harness} as the markdown document that {@code BENCHMARKS.md} holds. */
final class BenchmarkDocument {

    /**
     * The heading from which an existing document is kept when a run rewrites it: the codec figures below
     * it come from JMH and {@code CodecRatio}, not from this harness.
     */
    static final String KEPT_FROM = "## Codec";

    private BenchmarkDocument() {
    }

    /**
     * The new report followed by what the existing file holds from the line {@link #KEPT_FROM} on, so a
     * run of the end-to-end harness does not erase figures it did not make.
     *
     * @param report the document a run rendered
     * @param existing the file about to be replaced; it need not exist
     * @throws IOException if the existing file cannot be read
     */
    static String withKeptSections(String report, Path existing) throws IOException {
        if (!Files.exists(existing)) {
            return report;
        }
        String old = Files.readString(existing);
        int kept = old.startsWith(KEPT_FROM) ? 0 : old.indexOf("\n" + KEPT_FROM);
        if (kept < 0) {
            return report;
        }
        String tail = old.substring(kept).stripLeading();
        return report.endsWith("\n\n") ? report + tail : report.stripTrailing() + "\n\n" + tail;
    }

    /**
     * The whole markdown document: how the figures were made, on what, and the table.
     *
     * @param seconds how long the run took
     * @param load the load averages before and after the run
     */
    static String render(Harness.Options options, Report report, long seconds, String load) {
        StringBuilder doc = new StringBuilder();
        doc.append("# Benchmarks\n\n");
        doc.append("End-to-end figures of mqttj's `Client` and `Service` beside Paho's `MqttAsyncClient`, the")
                .append(" HiveMQ client's async API and a raw socket");
        if (options.brokers().size() == 2) {
            doc.append(", against one local Mosquitto and, in the rows marked \"(sink broker)\", against the")
                    .append(" harness's sink broker.\n");
        } else if (options.brokers().contains(BrokerKind.SINK)) {
            doc.append(", all against the harness's sink broker.\n");
        } else {
            doc.append(", all against one local Mosquitto.\n");
        }
        if (options.brokers().contains(BrokerKind.SINK)) {
            doc.append("Mosquitto's single thread saturates before the faster clients do, so against it the")
                    .append(" throughput rows mostly measure Mosquitto. The sink broker is a minimal MQTT 3.1.1")
                    .append(" server in its own JVM that only acknowledges and routes, from one thread with batched")
                    .append(" writes; against it the client is the bottleneck.");
            Double rawMosquitto = report.median(BrokerKind.MOSQUITTO, Scenario.QOS0, "rate", ClientKind.RAW);
            Double rawSink = report.median(BrokerKind.SINK, Scenario.QOS0, "rate", ClientKind.RAW);
            if (rawMosquitto != null && rawSink != null) {
                doc.append(" The raw socket's QoS 0 ceiling shows it: ").append(Report.format(rawMosquitto))
                        .append(" msg/s against Mosquitto, ").append(Report.format(rawSink))
                        .append(" msg/s against the sink broker.");
            }
            doc.append('\n');
        }
        doc.append("Each client runs in its own JVM; rows are the median of ").append(options.rounds())
                .append(" interleaved rounds after a warm-up, with min and max.")
                .append(" \"ours / better peer\" divides our median by the better of Paho and HiveMQ against the")
                .append(" same broker.\n\n");
        doc.append("- command: `").append(options.commandLine()).append('`')
                .append(options.quick() ? " (quick: tiny counts, not representative)" : "").append('\n');
        doc.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        doc.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        doc.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append("; workers: -Xms512m -Xmx512m -XX:+UseG1GC\n");
        if (options.brokers().contains(BrokerKind.MOSQUITTO)) {
            doc.append("- broker: ").append(Mosquitto.version(options.mosquitto()))
                    .append(", no persistence, max_inflight_messages 0, max_queued_messages 10000000\n");
        }
        if (options.brokers().contains(BrokerKind.SINK)) {
            doc.append("- sink broker: `dev.mqttj.benchmarks.e2e.SinkBroker`, one selector thread");
            double busiest = report.busiestSink();
            if (!Double.isNaN(busiest)) {
                doc.append(String.format(Locale.ROOT, "; at most %.0f%% busy in any measured run of 0.2 s or more (the"
                        + " CPU time of its thread over the run's measured time)",
                        100 * busiest));
            }
            doc.append('\n');
        }
        doc.append("- duration: ").append(seconds).append(" s; load average (1, 5, 15 min) ").append(load)
                .append(" (other work on the machine makes figures noisier)\n\n");
        doc.append(report.table()).append('\n');
        doc.append("Scenarios: `qos0` publishes 64 B messages and ends with a QoS 1 message whose PUBACK proves")
                .append(" the broker read all before it; `qos1`/`qos2` keep at most 1,000 unacknowledged;")
                .append(" `e2e-qos1` counts messages at a subscriber of the same client kind; `latency` publishes")
                .append(" QoS 1 at 2,000 msg/s to a subscriber in the same JVM and sorts the send-to-receive times;")
                .append(" `idle` connects clients, leaves them idle for 3 s and divides the heap retained after GC and")
                .append(" the new threads by their number (against Mosquitto only). Counts: ")
                .append(Arrays.stream(Scenario.values())
                        .map(s -> String.format(Locale.ROOT, "%s %,d", s.id(), s.count(options.quick())))
                        .collect(Collectors.joining(", ")))
                .append('.');
        if (!options.quick() && options.brokers().contains(BrokerKind.SINK)) {
            doc.append(" Against the sink broker a throughput run sends its count or, if more, as many messages")
                    .append(" as the client's best rate so far (warm-up included) sends in ").append(Harness.SINK_RUN_SECONDS)
                    .append(" s, at most ").append(Harness.SINK_COUNT_LIMIT)
                    .append(" times the count, so the fastest clients are not timed over a few milliseconds; it")
                    .append(" fails if the sink broker received fewer PUBLISH packets than the run sent.");
        }
        doc.append(" CPU is the worker JVM's process CPU time (each broker is another process) divided by the")
                .append(" message count.\n");
        return doc.toString();
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
