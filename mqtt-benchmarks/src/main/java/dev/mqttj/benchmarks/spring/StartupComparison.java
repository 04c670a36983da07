package dev.mqttj.benchmarks.spring;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the starter and other class path additions each add to the cold start of {@link StartupProbe}, measured
 * side by side: every round starts one fresh JVM per variant, in an order that rotates from round to round, and
 * each variant's cost is its difference from the round's start without the starter. Interleaving this way keeps a
 * comparison fair on a machine whose speed drifts from minute to minute, which separate runs of
 * {@link StartupRatio} would not.
 *
 * <p>The variants: {@code without} (the class path less the starter's jars), {@code mqttj} (the whole class path),
 * and one per {@code name=file} argument: the class path less the starter plus the file if it is a jar, else the
 * entries listed in it (separated by the path separator or new lines), leaving out jars whose artifact is already
 * there. Such a file
 * can hold another build of the starter (an earlier commit's jars), or the class path of another Spring Boot
 * starter to compare with, such as {@code spring-boot-starter-amqp}. Every probe is told that the brokers of
 * MQTT, RabbitMQ and Kafka are at a loopback port nothing listens on.
 *
 * <p>Usage: {@code java -cp "$CP" dev.mqttj.benchmarks.spring.StartupComparison [rounds] [name=file ...]};
 * default 30 rounds after 2 dropped.
 */
public final class StartupComparison {

    private static final int DROPPED_ROUNDS = 2;
    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");

    private StartupComparison() {
    }

    /**
     * Runs the rounds and prints the summary.
     *
     * @param args the number of rounds, then {@code name=file} per further variant
     * @throws Exception if a probe failed or a file cannot be read
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 && !args[0].contains("=") ? Integer.parseInt(args[0]) : 30;
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> without = StartupRatio.withoutStarter(classPath);
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("without", without);
        variants.put("mqttj", classPath);
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals > 0) {
                variants.put(arg.substring(0, equals), plus(without, Path.of(arg.substring(equals + 1))));
            }
        }
        int port = StartupRatio.closedPort();
        List<String> brokersDown = List.of("--spring.rabbitmq.port=" + port,
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + port);
        System.out.printf(Locale.ROOT, "%d rounds of %d cold JVMs after %d dropped, JVM options %s, JDK %s, %d CPUs,"
                + " load %s%n", rounds, variants.size(), DROPPED_ROUNDS, JVM_OPTIONS, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), LoadAverage.read());
        List<String> names = new ArrayList<>(variants.keySet());
        double[][] run = new double[names.size()][rounds];
        double[][] mainCpu = new double[names.size()][rounds];
        boolean[] mqtt = new boolean[names.size()];
        for (int round = -DROPPED_ROUNDS; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                int variant = Math.floorMod(k + round, names.size());
                StartupRatio.Start start = StartupRatio.probe(variants.get(names.get(variant)), port, JVM_OPTIONS,
                        brokersDown);
                mqtt[variant] = start.mqtt();
                if (round >= 0) {
                    run[variant][round] = start.runMillis();
                    mainCpu[variant][round] = start.mainCpuMillis();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-10s %5s %10s %26s %22s %10s%n", "variant", "mqtt", "run ms", "added ms (middle half)",
                "main CPU added ms", "added %");
        for (int v = 0; v < names.size(); v++) {
            double[] added = differences(run[v], run[0]);
            double[] cpuAdded = differences(mainCpu[v], mainCpu[0]);
            double[] relative = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                relative[i] = 100 * added[i] / run[0][i];
            }
            System.out.printf(Locale.ROOT, "%-10s %5s %10.1f %9.1f (%6.1f..%6.1f) %22.1f %9.1f%%%n", names.get(v), mqtt[v],
                    Rounds.median(run[v]), Rounds.median(added), Rounds.lowerQuartile(added),
                    Rounds.upperQuartile(added), Rounds.median(cpuAdded), Rounds.median(relative));
        }
        System.out.printf(Locale.ROOT, "load %s%n", LoadAverage.read());
    }

    private static double[] differences(double[] values, double[] baseline) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] - baseline[i];
        }
        return result;
    }

    /** The class path plus the file's entries whose artifact (the jar name less its version) is not there yet. */
    private static List<String> plus(List<String> classPath, Path file) throws java.io.IOException {
        List<String> result = new ArrayList<>(classPath);
        List<String> present = new ArrayList<>();
        for (String entry : classPath) {
            present.add(artifact(entry));
        }
        String[] entries = file.toString().endsWith(".jar") ? new String[] {file.toString()}
                : Files.readString(file).trim().split("[" + File.pathSeparator + "\\n]+");
        for (String entry : entries) {
            if (!entry.isBlank() && !present.contains(artifact(entry))) {
                result.add(entry.trim());
            }
        }
        return result;
    }

    private static String artifact(String entry) {
        String name = Path.of(entry.trim()).getFileName().toString().replace("-SNAPSHOT", "");
        int dash = name.lastIndexOf('-');
        return name.endsWith(".jar") && dash > 0 ? name.substring(0, dash) : name;
    }
}
