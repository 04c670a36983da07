package dev.mqttj.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end-to-end benchmark: starts its own Mosquitto and a {@link SinkBroker} (each in its own
 * process), forks one worker JVM per client, runs every scenario for every client and broker
 * interleaved over several rounds after a warm-up, prints a markdown table and (for a full run)
 * writes it to {@code BENCHMARKS.md}.
 *
 * <p>Against Mosquitto the throughput scenarios mostly measure Mosquitto, whose single thread is
 * saturated before the clients are; the sink broker only acknowledges and routes, so against it the
 * client is the bottleneck. Idle clients measure the client only and run against Mosquitto alone.
 *
 * <p>Run {@code java -jar mqtt-benchmarks/target/benchmarks-e2e.jar [--quick] [--rounds N]
 * [--out FILE] [--clients a,b] [--scenarios x,y] [--broker mosquitto|sink|both] [--jfr DIR]
 * [--mosquitto PATH]}. With {@code --jfr}, the system property {@code mqttj.bench.jfrSettings} names the
 * JFR settings (default {@code profile}).
 */
public final class Harness {

    /**
     * Against the sink broker the fastest clients send a scenario's count in a few tens of
     * milliseconds, too short to time well; their throughput runs are sized from the best rate so far
     * (the warm-up's, then the rounds') to last about this long, never below the count and never above
     * {@link #SINK_COUNT_LIMIT} times it.
     */
    static final int SINK_RUN_SECONDS = 1;
    static final int SINK_COUNT_LIMIT = 20;
    private static final long MIN_LOAD_NANOS = 200_000_000L;

    private Harness() {
    }

    /** The harness's settings, parsed from the command line. */
    record Options(boolean quick, int rounds, Path out, List<ClientKind> clients, List<Scenario> scenarios,
                   List<BrokerKind> brokers, Path jfrDirectory, Path mosquitto, String commandLine) {

        static Options parse(String... args) {
            boolean quick = false;
            int rounds = 3;
            Path out = null;
            boolean outGiven = false;
            List<ClientKind> clients = Arrays.asList(ClientKind.values());
            List<Scenario> scenarios = Arrays.asList(Scenario.values());
            List<BrokerKind> brokers = List.of(BrokerKind.values());
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
                    case "--broker":
                        brokers = BrokerKind.parse(value(args, ++i, "--broker"));
                        break;
                    case "--jfr":
                        jfr = Path.of(value(args, ++i, "--jfr"));
                        break;
                    case "--mosquitto":
                        mosquitto = Path.of(value(args, ++i, "--mosquitto"));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + args[i] + "'; options: --quick,"
                                + " --rounds N, --out FILE|-, --clients a,b, --scenarios x,y,"
                                + " --broker mosquitto|sink|both, --jfr DIR, --mosquitto PATH");
                }
            }
            if (!outGiven && !quick) {
                out = Path.of("BENCHMARKS.md");
            }
            String command = "java -jar mqtt-benchmarks/target/benchmarks-e2e.jar"
                    + (args.length == 0 ? "" : " " + String.join(" ", args));
            List<Scenario> chosen = scenarios;
            List<BrokerKind> used = brokers.stream().filter(b -> chosen.stream().anyMatch(b::runs)).toList();
            if (used.isEmpty()) {
                throw new IllegalArgumentException("none of the scenarios "
                        + chosen.stream().map(Scenario::id).toList() + " runs against "
                        + brokers.stream().map(BrokerKind::id).toList());
            }
            return new Options(quick, rounds, out, clients, scenarios, used, jfr, mosquitto, command);
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
            Files.writeString(options.out(), BenchmarkDocument.withKeptSections(report, options.out()),
                    StandardCharsets.UTF_8);
            System.err.println("wrote " + options.out().toAbsolutePath());
        }
    }

    /** Runs everything the options ask for and returns the markdown report. */
    static String run(Options options) throws Exception {
        boolean mosquittoWanted = options.brokers().contains(BrokerKind.MOSQUITTO);
        if (mosquittoWanted && !Files.isExecutable(options.mosquitto())) {
            throw new IOException("mosquitto not found at " + options.mosquitto() + "; install it, pass --mosquitto"
                    + " or run --broker sink");
        }
        long started = System.nanoTime();
        String loadBefore = BenchmarkDocument.loadAverage();
        long timeoutSeconds = options.quick() ? 30 : 120;
        Report report = new Report(options.clients(), options.scenarios(), options.brokers());
        Mosquitto mosquitto = null;
        SinkBrokerProcess sink = null;
        Map<ClientKind, WorkerProcess> workers = Map.of();
        try {
            Map<BrokerKind, Integer> ports = new EnumMap<>(BrokerKind.class);
            if (mosquittoWanted) {
                mosquitto = Mosquitto.start(options.mosquitto());
                ports.put(BrokerKind.MOSQUITTO, mosquitto.port());
            }
            if (options.brokers().contains(BrokerKind.SINK)) {
                sink = SinkBrokerProcess.start();
                ports.put(BrokerKind.SINK, sink.port());
            }
            workers = startWorkers(options, timeoutSeconds);
            List<ClientKind> order = new ArrayList<>(options.clients());
            log("warm-up");
            boolean workersWarm = false;
            Map<String, Double> bestRates = new HashMap<>();
            for (BrokerKind broker : options.brokers()) {
                if (workersWarm && options.quick()) {
                    // A quick run's figures mean nothing; its time goes to connecting, not to warming up.
                    break;
                }
                for (Scenario scenario : options.scenarios()) {
                    for (ClientKind client : order) {
                        if (broker.runs(scenario) && client.runs(scenario)) {
                            int count = warmUpCount(scenario, options.quick(), workersWarm);
                            Map<String, Double> figures = runOnce(workers.get(client), broker,
                                    ports.get(broker), scenario, count, null,
                                    broker == BrokerKind.SINK ? sink : null);
                            noteRate(bestRates, broker, scenario, client, figures);
                        }
                    }
                }
                workersWarm = true;
            }
            for (int round = 1; round <= options.rounds(); round++) {
                log("round " + round + " of " + options.rounds());
                for (BrokerKind broker : options.brokers()) {
                    for (Scenario scenario : options.scenarios()) {
                        for (ClientKind client : order) {
                            if (broker.runs(scenario) && client.runs(scenario)) {
                                int count = measuredCount(broker, scenario, options.quick(), bestRates.get(
                                        broker.id() + "/" + scenario.id() + "/" + client.id()));
                                Map<String, Double> figures = runOnce(workers.get(client), broker,
                                        ports.get(broker), scenario, count, report,
                                        broker == BrokerKind.SINK ? sink : null);
                                noteRate(bestRates, broker, scenario, client, figures);
                            }
                        }
                    }
                }
                // Rotating the order keeps any drift of the machine from favouring one client.
                order.add(order.remove(0));
            }
        } finally {
            workers.values().forEach(WorkerProcess::close);
            if (sink != null) {
                sink.close();
            }
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
        long seconds = Math.round((System.nanoTime() - started) / 1e9);
        return BenchmarkDocument.render(options, report, seconds,
                loadBefore + " before, " + BenchmarkDocument.loadAverage() + " after");
    }

    private static Map<ClientKind, WorkerProcess> startWorkers(Options options, long timeoutSeconds)
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
                workers.put(client, WorkerProcess.start(client, timeoutSeconds, jvmOptions));
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

    /**
     * Half a round's count, so the JIT has compiled the hot paths before anything is measured. Once
     * the workers are warm from the first broker's warm-up, the second broker's only needs to warm
     * that broker and takes a quarter.
     */
    static int warmUpCount(Scenario scenario, boolean quick, boolean workersWarm) {
        if (quick) {
            return Math.max(10, scenario.count(true) / 2);
        }
        switch (scenario) {
            case LATENCY:
                return 2_000;
            case IDLE:
                return 20;
            default:
                // Cold workers get twice the measured count: C2 compiles the publish path over the first few
                // hundred thousand messages, and a shorter warm-up left every client's first round measuring
                // the JIT as much as the client.
                return workersWarm ? scenario.count(false) / 4 : scenario.count(false) * 2;
        }
    }

    /**
     * The scenario's count, or against the sink broker as many messages as the best rate so far sends
     * in {@link #SINK_RUN_SECONDS}, within the count and {@link #SINK_COUNT_LIMIT} times it.
     */
    static int measuredCount(BrokerKind broker, Scenario scenario, boolean quick, Double bestRate) {
        int count = scenario.count(quick);
        if (quick || broker != BrokerKind.SINK || bestRate == null || bestRate.isNaN()) {
            return count;
        }
        long sized = Math.round(bestRate * SINK_RUN_SECONDS);
        return (int) Math.min((long) count * SINK_COUNT_LIMIT, Math.max(count, sized));
    }

    private static void noteRate(Map<String, Double> bestRates, BrokerKind broker, Scenario scenario,
                                 ClientKind client, Map<String, Double> figures) {
        Double rate = figures == null ? null : figures.get("rate");
        if (rate != null && !rate.isNaN()) {
            bestRates.merge(broker.id() + "/" + scenario.id() + "/" + client.id(), rate, Math::max);
        }
    }

    /**
     * Runs one scenario once; returns its figures, or null if it failed. Against the sink broker the
     * run also fails if the broker received fewer PUBLISH packets than the scenario sends, so a client
     * that drops messages cannot look fast.
     */
    private static Map<String, Double> runOnce(WorkerProcess worker, BrokerKind broker, int port, Scenario scenario,
                                               int count, Report report, SinkBrokerProcess sink) {
        long start = System.nanoTime();
        try {
            SinkBrokerProcess.Stats before = sink == null ? null : sink.stats();
            Map<String, Double> figures = worker.run(scenario, count, port);
            long elapsed = System.nanoTime() - start;
            String sinkLoad = "";
            if (sink != null) {
                SinkBrokerProcess.Stats after = sink.stats();
                // QoS 0 ends with a QoS 1 message as a fence.
                long expected = scenario == Scenario.QOS0 ? count + 1L : count;
                long received = after.publishes() - before.publishes();
                if (received < expected) {
                    throw new IOException(worker.kind().id() + " " + scenario.id() + ": the sink broker received "
                            + received + " of " + expected + " PUBLISH packets");
                }
                // Throughput runs report their measured time through the rate; the rest of a run is
                // connecting and disconnecting, when the broker idles.
                Double rate = figures.get("rate");
                double measured = rate != null && rate > 0 ? count * 1e9 / rate : elapsed;
                double load = (after.busyNanos() - before.busyNanos()) / measured;
                // Over a shorter time the connect and disconnect the figure includes would dominate it.
                if (report != null && measured >= MIN_LOAD_NANOS) {
                    report.sinkLoad(load);
                }
                sinkLoad = String.format(Locale.ROOT, " (sink thread busy %.0f%%)", 100 * load);
            }
            if (report != null) {
                report.add(broker, scenario, worker.kind(), figures);
            }
            log(String.format(Locale.ROOT, "%-9s %-14s %-9s %8d in %5.1f s: %s%s", broker.id(), worker.kind().id(),
                    scenario.id(), count, elapsed / 1e9, figures, sinkLoad));
            return figures;
        } catch (IOException e) {
            log("FAILED " + broker.id() + " " + e.getMessage());
            if (report != null) {
                report.failed(broker, scenario, worker.kind(), e.getMessage());
            }
            return null;
        }
    }

    private static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
