package dev.mqttj.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A forked worker JVM for one client kind, driven line by line. HiveMQ's worker gets HiveMQ's own
 * dependencies (Netty 4.1) instead of this module's Netty 4.2; the others get our code and Paho.
 */
final class WorkerProcess implements AutoCloseable {

    /** Heap settings shared by every worker, so the clients run on equal terms. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");

    private final ClientKind kind;
    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;

    private WorkerProcess(ClientKind kind, Process process) {
        this.kind = kind;
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static WorkerProcess start(ClientKind kind, long timeoutSeconds, List<String> extraJvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(classpath(kind));
        command.add(Worker.class.getName());
        command.add(kind.id());
        command.add(Long.toString(timeoutSeconds));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new WorkerProcess(kind, process);
    }

    /** Waits until the worker JVM is up; workers start in parallel and are awaited afterwards. */
    void awaitReady() throws IOException {
        awaitLine("@@ready");
    }

    ClientKind kind() {
        return kind;
    }

    /** Runs one scenario against the broker on a port; returns its figures, or throws with the worker's error. */
    Map<String, Double> run(Scenario scenario, int count, int port) throws IOException {
        commands.write("run " + scenario.id() + " " + count + " " + port + "\n");
        commands.flush();
        String answer = awaitLine("@@");
        if (!answer.startsWith(Worker.RESULT)) {
            throw new IOException(kind.id() + " " + scenario.id() + ": " + answer);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String pair : answer.substring(Worker.RESULT.length()).trim().split(" ")) {
            int equals = pair.indexOf('=');
            figures.put(pair.substring(0, equals), Double.parseDouble(pair.substring(equals + 1)));
        }
        return figures;
    }

    private String awaitLine(String prefix) throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            System.err.println("[" + kind.id() + "] " + line);
        }
        throw new IOException("worker " + kind.id() + " ended unexpectedly");
    }

    private static String classpath(ClientKind kind) throws IOException {
        Path self = location(Worker.class);
        List<String> entries = new ArrayList<>();
        entries.add(self.toString());
        if (kind == ClientKind.HIVEMQ) {
            Path libs = hiveMqLibs(self);
            try (Stream<Path> jars = Files.list(libs)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
            }
        } else {
            entries.add(location(dev.mqttj.client.Client.class).toString());
            entries.add(location(org.eclipse.paho.client.mqttv3.MqttAsyncClient.class).toString());
        }
        return String.join(File.pathSeparator, entries.stream().distinct().toList());
    }

    /** target/peer-libs/hivemq next to target/classes or target/benchmarks-e2e.jar, unless set explicitly. */
    private static Path hiveMqLibs(Path self) throws IOException {
        String configured = System.getProperty("mqttj.bench.hivemqLibs");
        Path libs = configured != null ? Path.of(configured) : self.getParent().resolve("peer-libs").resolve("hivemq");
        if (!Files.isDirectory(libs)) {
            throw new IOException("HiveMQ client jars not found in " + libs
                    + "; build with mvn -pl mqtt-benchmarks -am package or set -Dmqttj.bench.hivemqLibs");
        }
        return libs;
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException ignored) {
            // The worker is already gone.
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
