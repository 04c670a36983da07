package dev.mqttj.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: starts its own Mosquitto, forks one worker JVM per client, runs every
 * scenario for every client interleaved over several rounds after a warm-up, prints a markdown
 * table and (for a full run) writes it to {@code BENCHMARKS.md}.
 *
 * <p>Run {@code java -jar mqtt-benchmarks/target/benchmarks-e2e.jar [--quick] [--rounds N]
 * [--out FILE] [--clients a,b] [--scenarios x,y] [--jfr DIR] [--mosquitto PATH]}. With {@code --jfr}, the
 * system property {@code mqttj.bench.jfrSettings} names the JFR settings (default {@code profile}).
 */
public final class Harness {

    private Harness() {
    }

    /** The harness's settings, parsed from the command line. */
    record Options(boolean quick, int rounds, Path out, List<ClientKind> clients, List<Scenario> scenarios,
                   Path jfrDirectory, Path mosquitto, String commandLine) {

        static Options parse(String... args) {
            boolean quick = false;
            int rounds = 3;
            Path out = null;
            boolean outGiven = false;
            List<ClientKind> clients = Arrays.asList(ClientKind.values());
            List<Scenario> scenarios = Arrays.asList(Scenario.values());
            Path jfr = null;
            Path mosquitto = Mosquitto.DEFAULT_BINARY;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick":
                        quick = true;
                        break;
                    case "--rounds":
                        rounds = Integer.parseInt(value(args, ++i, "--rounds"));
                        if (rounds < 1) {
                            throw new IllegalArgumentException("--rounds must be at least 1 but was " + rounds);
                        }
                        break;
                    case "--out":
                        String file = value(args, ++i, "--out");
                        out = file.equals("-") ? null : Path.of(file);
                        outGiven = true;
                        break;
                    case "--clients":
                        clients = Arrays.stream(value(args, ++i, "--clients").split(","))
                                .map(ClientKind::byId).sorted().distinct().collect(Collectors.toList());
                        break;
                    case "--scenarios":
                        scenarios = Arrays.stream(value(args, ++i, "--scenarios").split(","))
                                .map(Scenario::byId).sorted().distinct().collect(Collectors.toList());
                        break;
                    case "--jfr":
                        jfr = Path.of(value(args, ++i, "--jfr"));
                        break;
                    case "--mosquitto":
                        mosquitto = Path.of(value(args, ++i, "--mosquitto"));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + args[i] + "'; options: --quick,"
                                + " --rounds N, --out FILE|-, --clients a,b, --scenarios x,y, --jfr DIR,"
                                + " --mosquitto PATH");
                }
            }
            if (!outGiven && !quick) {
                out = Path.of("BENCHMARKS.md");
            }
            String command = "java -jar mqtt-benchmarks/target/benchmarks-e2e.jar"
                    + (args.length == 0 ? "" : " " + String.join(" ", args));
            return new Options(quick, rounds, out, clients, scenarios, jfr, mosquitto, command);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options described on the class
     * @throws Exception if Mosquitto or a worker cannot be started, or the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String report = run(options);
        System.out.println(report);
        if (options.out() != null) {
            Files.writeString(options.out(), report, StandardCharsets.UTF_8);
            System.err.println("wrote " + options.out().toAbsolutePath());
        }
    }

    /** Runs everything the options ask for and returns the markdown report. */
    static String run(Options options) throws Exception {
        if (!Files.isExecutable(options.mosquitto())) {
            throw new IOException("mosquitto not found at " + options.mosquitto() + "; install it or pass --mosquitto");
        }
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        long timeoutSeconds = options.quick() ? 30 : 120;
        Report report = new Report(options.clients(), options.scenarios());
        try (Mosquitto broker = Mosquitto.start(options.mosquitto())) {
            Map<ClientKind, WorkerProcess> workers = startWorkers(options, broker.port(), timeoutSeconds);
            try {
                List<ClientKind> order = new ArrayList<>(options.clients());
                log("warm-up");
                for (Scenario scenario : options.scenarios()) {
                    for (ClientKind client : order) {
                        if (client.runs(scenario)) {
                            runOnce(workers.get(client), scenario, warmUpCount(scenario, options.quick()), null);
                        }
                    }
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    log("round " + round + " of " + options.rounds());
                    for (Scenario scenario : options.scenarios()) {
                        for (ClientKind client : order) {
                            if (client.runs(scenario)) {
                                runOnce(workers.get(client), scenario, scenario.count(options.quick()), report);
                            }
                        }
                    }
                    // Rotating the order keeps any drift of the machine from favouring one client.
                    order.add(order.remove(0));
                }
            } finally {
                workers.values().forEach(WorkerProcess::close);
            }
        }
        long seconds = Math.round((System.nanoTime() - started) / 1e9);
        return document(options, report, seconds, loadBefore + " before, " + loadAverage() + " after");
    }

    private static Map<ClientKind, WorkerProcess> startWorkers(Options options, int port, long timeoutSeconds)
            throws IOException {
        Map<ClientKind, WorkerProcess> workers = new EnumMap<>(ClientKind.class);
        try {
            for (ClientKind client : options.clients()) {
                List<String> jvmOptions = new ArrayList<>();
                if (options.jfrDirectory() != null && client.ours()) {
                    Files.createDirectories(options.jfrDirectory());
                    String settings = System.getProperty("mqttj.bench.jfrSettings", "profile");
                    jvmOptions.add("-XX:StartFlightRecording=settings=" + settings + ",dumponexit=true,filename="
                            + options.jfrDirectory().resolve(client.id() + ".jfr").toAbsolutePath());
                }
                workers.put(client, WorkerProcess.start(client, port, timeoutSeconds, jvmOptions));
            }
            for (WorkerProcess worker : workers.values()) {
                worker.awaitReady();
            }
        } catch (IOException | RuntimeException e) {
            workers.values().forEach(WorkerProcess::close);
            throw e;
        }
        return workers;
    }

    private static int warmUpCount(Scenario scenario, boolean quick) {
        if (quick) {
            return Math.max(10, scenario.count(true) / 2);
        }
        switch (scenario) {
            case LATENCY:
                return 2_000;
            case IDLE:
                return 20;
            default:
                return scenario.count(false) / 2;
        }
    }

    private static void runOnce(WorkerProcess worker, Scenario scenario, int count, Report report) {
        long start = System.nanoTime();
        try {
            Map<String, Double> figures = worker.run(scenario, count);
            if (report != null) {
                report.add(scenario, worker.kind(), figures);
            }
            log(String.format(Locale.ROOT, "%-14s %-9s %7d in %5.1f s: %s", worker.kind().id(), scenario.id(), count,
                    (System.nanoTime() - start) / 1e9, figures));
        } catch (IOException e) {
            log("FAILED " + e.getMessage());
            if (report != null) {
                report.failed(scenario, worker.kind(), e.getMessage());
            }
        }
    }

    private static String document(Options options, Report report, long seconds, String load) {
        StringBuilder doc = new StringBuilder();
        doc.append("# Benchmarks\n\n");
        doc.append("End-to-end figures of mqttj's `Client` and `Service` beside Paho's `MqttAsyncClient`, the")
                .append(" HiveMQ client's async API and a raw socket, all against one local Mosquitto.\n");
        doc.append("Each client runs in its own JVM; rows are the median of ").append(options.rounds())
                .append(" interleaved rounds after a warm-up, with min and max.")
                .append(" \"ours / better peer\" divides our median by the better of Paho and HiveMQ.\n\n");
        doc.append("- command: `").append(options.commandLine()).append('`')
                .append(options.quick() ? " (quick: tiny counts, not representative)" : "").append('\n');
        doc.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        doc.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        doc.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append("; workers: -Xms512m -Xmx512m -XX:+UseG1GC\n");
        doc.append("- broker: ").append(Mosquitto.version(options.mosquitto()))
                .append(", no persistence, max_inflight_messages 0, max_queued_messages 10000000\n");
        doc.append("- duration: ").append(seconds).append(" s; load average (1, 5, 15 min) ").append(load)
                .append(" (other work on the machine makes figures noisier)\n\n");
        doc.append(report.table()).append('\n');
        doc.append("Scenarios: `qos0` publishes 64 B messages and ends with a QoS 1 message whose PUBACK proves")
                .append(" the broker read all before it; `qos1`/`qos2` keep at most 1,000 unacknowledged;")
                .append(" `e2e-qos1` counts messages at a subscriber of the same client kind; `latency` publishes")
                .append(" QoS 1 at 2,000 msg/s to a subscriber in the same JVM and sorts the send-to-receive times;")
                .append(" `idle` connects idle clients and divides the heap retained after GC and the new threads by")
                .append(" their number. CPU is the worker JVM's process CPU time (the broker is another process)")
                .append(" divided by the message count.\n");
        return doc.toString();
    }

    private static String loadAverage() {
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

    private static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
