package dev.mqttj.benchmarks.spring;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the starter adds to the startup of an application whose broker is down: {@link StartupProbe} started in
 * fresh JVMs, alternately with the starter on the class path and without it (the same class path less the
 * starter's own jars: {@code mqtt-spring-boot-starter}, {@code mqtt-spring-boot-autoconfigure},
 * {@code mqtt-client-core}). The broker URL points at a loopback port nothing listens on, so the service's
 * first connection attempt is refused at once and it goes on retrying in the background.
 *
 * <p>Each pair runs both variants back to back, the order swapped every pair; the first pairs warm the file
 * cache and are dropped. Reported: the time spent in {@code SpringApplication.run} (what Spring Boot logs as
 * "Started ... in"), the JVM's uptime when it returned, the process's CPU time then and the main thread's (the work done, which
 * load from other processes does not stretch), per variant and as the difference within each pair.
 *
 * <p>With {@code --warm} it measures instead the work of the auto-configuration itself, without class loading
 * and compilation: in this one JVM, after {@value #WARM_UP_PAIRS} pairs of warm-up, it starts and closes the
 * probe application alternately with every auto-configuration of mqttj excluded
 * ({@code spring.autoconfigure.exclude}) and included.
 *
 * <p>With {@code --cds} the cold JVMs start from a class data sharing archive of their own class path, as a
 * deployment that cares about its start-up time runs them (Spring Boot documents the training run): one
 * training start per variant writes the archive ({@code -XX:ArchiveClassesAtExit}), and every measured start of
 * that variant maps it ({@code -XX:SharedArchiveFile}), so classes are neither parsed nor verified again.
 *
 * <p>Usage: {@code java -cp "mqtt-benchmarks/target/classes:$(cat mqtt-benchmarks/target/spring-classpath.txt)"
 * dev.mqttj.benchmarks.spring.StartupRatio [--warm | --cds] [pairs]}; default 40 pairs after 3 dropped (cold) or
 * after the warm-up (warm).
 */
public final class StartupRatio {

    private static final int DROPPED_PAIRS = 3;
    private static final int WARM_UP_PAIRS = 30;
    private static final List<String> STARTER_JARS = List.of("mqtt-spring-boot-starter", "mqtt-spring-boot-autoconfigure",
            "mqtt-client-core");
    /** A heap as a small service would set it; the same for both variants. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m");

    /** One start: its time in {@code SpringApplication.run}, the JVM's uptime then, and whether MQTT was there. */
    record Start(double runMillis, double uptimeMillis, boolean mqtt, int beans, double cpuMillis, double mainCpuMillis) {
    }

    private StartupRatio() {
    }

    /**
     * Runs the pairs and prints the summary.
     *
     * @param args optional number of pairs
     * @throws Exception if a probe failed
     */
    public static void main(String[] args) throws Exception {
        boolean warm = args.length > 0 && args[0].equals("--warm");
        boolean cds = args.length > 0 && args[0].equals("--cds");
        int pairs = args.length > (warm || cds ? 1 : 0) ? Integer.parseInt(args[warm || cds ? 1 : 0]) : 40;
        if (warm) {
            warm(pairs);
            return;
        }
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        if (cds) {
            // A CDS archive takes classes from jars only.
            classPath = classPath.stream().map(StartupRatio::asJar).toList();
        }
        System.out.printf(Locale.ROOT, "%d pairs of cold JVMs%s after %d dropped, JVM options %s, JDK %s, %d CPUs,"
                + " load %s%n", pairs, cds ? " from a CDS archive each" : "", DROPPED_PAIRS, JVM_OPTIONS,
                Runtime.version(), Runtime.getRuntime().availableProcessors(), LoadAverage.read());
        int downPort = closedPort();
        List<List<String>> archives = List.of(List.of(), List.of());
        if (cds) {
            Path directory = java.nio.file.Files.createTempDirectory("startup-cds");
            archives = List.of(train(classPath, directory.resolve("with.jsa"), downPort),
                    train(withoutStarter(classPath), directory.resolve("without.jsa"), downPort));
        }
        double[][] run = new double[2][pairs];
        double[][] uptime = new double[2][pairs];
        double[][] cpu = new double[2][pairs];
        double[][] mainCpu = new double[2][pairs];
        int beansWith = 0;
        int beansWithout = 0;
        for (int p = -DROPPED_PAIRS; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                boolean with = (k + p) % 2 == 0;
                Start start = probe(with ? classPath : withoutStarter(classPath), downPort, archives.get(with ? 0 : 1),
                        List.of());
                if (start.mqtt() != with) {
                    throw new IllegalStateException("the probe " + (with ? "lacked" : "had") + " the MQTT service");
                }
                if (p >= 0) {
                    int variant = with ? 0 : 1;
                    run[variant][p] = start.runMillis();
                    uptime[variant][p] = start.uptimeMillis();
                    cpu[variant][p] = start.cpuMillis();
                    mainCpu[variant][p] = start.mainCpuMillis();
                }
                if (with) {
                    beansWith = start.beans();
                } else {
                    beansWithout = start.beans();
                }
            }
        }
        System.out.printf(Locale.ROOT, "bean definitions: %d with the starter, %d without%n", beansWith, beansWithout);
        print("SpringApplication.run", run);
        print("JVM uptime at ready", uptime);
        print("process CPU at ready", cpu);
        print("main thread CPU", mainCpu);
        System.out.printf(Locale.ROOT, "load %s%n", LoadAverage.read());
    }

    /** Starts and closes the probe application in this JVM, alternately without and with mqttj's auto-configuration. */
    private static void warm(int pairs) throws IOException {
        System.out.printf(Locale.ROOT, "%d pairs in one warm JVM after %d pairs of warm-up, JDK %s, %d CPUs, load %s%n",
                pairs, WARM_UP_PAIRS, Runtime.version(), Runtime.getRuntime().availableProcessors(), LoadAverage.read());
        String excluded = String.join(",", mqttAutoConfigurations());
        int downPort = closedPort();
        double[][] run = new double[2][pairs];
        for (int p = -WARM_UP_PAIRS; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                boolean with = (k + p) % 2 == 0;
                double millis = StartupProbe.startAndClose(downPort, with ? null : excluded, with);
                if (p >= 0) {
                    run[with ? 0 : 1][p] = millis;
                }
            }
        }
        print("SpringApplication.run", run);
        System.out.printf(Locale.ROOT, "load %s%n", LoadAverage.read());
    }

    /** The auto-configurations the starter registers, read from its imports file as Spring Boot reads them. */
    static List<String> mqttAutoConfigurations() {
        List<String> names = new ArrayList<>();
        org.springframework.boot.context.annotation.ImportCandidates
                .load(org.springframework.boot.autoconfigure.AutoConfiguration.class, StartupRatio.class.getClassLoader())
                .forEach(name -> {
                    if (name.startsWith("dev.mqttj.")) {
                        names.add(name);
                    }
                });
        if (names.isEmpty()) {
            throw new IllegalStateException("no auto-configuration of mqttj on the class path");
        }
        return names;
    }

    private static void print(String what, double[][] values) {
        double[] differences = new double[values[0].length];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = values[0][i] - values[1][i];
        }
        System.out.printf(Locale.ROOT, "%-22s with starter %6.1f ms (middle half %.1f..%.1f, min %.1f, max %.1f)%n", what,
                Rounds.median(values[0]), Rounds.lowerQuartile(values[0]), Rounds.upperQuartile(values[0]),
                Rounds.min(values[0]), Rounds.max(values[0]));
        System.out.printf(Locale.ROOT, "%-22s without       %6.1f ms (middle half %.1f..%.1f, min %.1f, max %.1f)%n", what,
                Rounds.median(values[1]), Rounds.lowerQuartile(values[1]), Rounds.upperQuartile(values[1]),
                Rounds.min(values[1]), Rounds.max(values[1]));
        System.out.printf(Locale.ROOT, "%-22s added         %6.1f ms (median of pairs; middle half %.1f..%.1f)%n", what,
                Rounds.median(differences), Rounds.lowerQuartile(differences), Rounds.upperQuartile(differences));
    }

    /** The class path without the starter's jars (or, in the reactor, their classes directories). */
    static List<String> withoutStarter(List<String> classPath) {
        return classPath.stream().filter(entry -> STARTER_JARS.stream().noneMatch(entry::contains)).toList();
    }

    /** A loopback port nothing listens on: bound and released, so a connection to it is refused. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The module's jar for a Maven {@code target/classes} directory on the class path; any other entry as it is. */
    private static String asJar(String entry) {
        Path path = Path.of(entry);
        if (!java.nio.file.Files.isDirectory(path) || !path.endsWith(Path.of("target", "classes"))) {
            return entry;
        }
        Path target = path.getParent();
        String module = target.getParent().getFileName().toString();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches(java.util.regex.Pattern.quote(module)
                    + "-\\d.*(?<!-sources|-javadoc|-tests)\\.jar")).map(Path::toString).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar of " + module + " in " + target
                            + " for the CDS archive; run mvn package first"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the training start that writes a variant's archive; returns the options that map it. */
    private static List<String> train(List<String> classPath, Path archive, int brokerPort)
            throws IOException, InterruptedException {
        probe(classPath, brokerPort, List.of("-XX:ArchiveClassesAtExit=" + archive), List.of());
        if (!java.nio.file.Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training start wrote no archive " + archive);
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
    }

    /** Starts the probe in a fresh JVM with the given class path and reads its report. */
    static Start probe(List<String> classPath, int brokerPort) throws IOException, InterruptedException {
        return probe(classPath, brokerPort, List.of(), List.of());
    }

    /**
     * Starts the probe in a fresh JVM with the given class path, JVM options and further application arguments,
     * and reads its report.
     */
    static Start probe(List<String> classPath, int brokerPort, List<String> extraOptions, List<String> extraArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(StartupProbe.class.getName());
        command.add("--mqtt.broker-url=tcp://127.0.0.1:" + brokerPort);
        command.add("--spring.main.banner-mode=off");
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        Start start = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(StartupProbe.RESULT + " ")) {
                    String[] fields = line.split(" ");
                    start = new Start(Long.parseLong(fields[1]) / 1e6, Long.parseLong(fields[2]),
                            Boolean.parseBoolean(fields[3]), Integer.parseInt(fields[4]), Long.parseLong(fields[5]) / 1e6,
                            Long.parseLong(fields[6]) / 1e6);
                } else {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (start == null) {
            throw new IllegalStateException("the startup probe reported nothing; its output:\n"
                    + output.stream().collect(Collectors.joining("\n")));
        }
        return start;
    }
}
