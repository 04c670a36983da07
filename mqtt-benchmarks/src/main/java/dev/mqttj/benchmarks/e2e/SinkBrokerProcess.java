package dev.mqttj.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SinkBroker} in a JVM of its own, so its CPU is not counted as the clients'. It binds a
 * free loopback port itself and reports it, which leaves no window for another process to take it.
 */
final class SinkBrokerProcess implements AutoCloseable {

    /** Little heap: the broker allocates almost nothing per message; its buffers are direct memory. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MaxDirectMemorySize=2g");

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final int port;

    private SinkBrokerProcess(Process process, BufferedReader answers, int port) {
        this.process = process;
        this.answers = answers;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.port = port;
    }

    static SinkBrokerProcess start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(location(SinkBroker.class).toString());
        command.add(SinkBroker.class.getName());
        command.add("0");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(SinkBroker.READY + " ")) {
                return new SinkBrokerProcess(process, output,
                        Integer.parseInt(line.substring(SinkBroker.READY.length() + 1)));
            }
            System.err.println("[sink] " + line);
        }
        process.destroyForcibly();
        throw new IOException("the sink broker JVM ended before it listened");
    }

    int port() {
        return port;
    }

    /**
     * What the broker has done so far.
     *
     * @param busyNanos the CPU time of its one working thread; see {@link SinkBroker#busyNanos()}
     * @param publishes the PUBLISH packets it has received from all clients
     */
    record Stats(long busyNanos, long publishes) {
    }

    Stats stats() throws IOException {
        commands.write("stats\n");
        commands.flush();
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(SinkBroker.STATS + " ")) {
                String[] fields = line.split(" ");
                return new Stats(Long.parseLong(fields[1]), Long.parseLong(fields[2]));
            }
            System.err.println("[sink] " + line);
        }
        throw new IOException("the sink broker JVM ended unexpectedly");
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
            // The broker is already gone.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
