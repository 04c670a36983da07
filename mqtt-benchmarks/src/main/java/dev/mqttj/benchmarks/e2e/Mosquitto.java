package dev.mqttj.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker the harness starts on a free loopback port with a temporary configuration that
 * neither persists nor throttles: unlimited in-flight and a large queue, so the broker never paces
 * a client and the figures are about the clients.
 */
final class Mosquitto implements AutoCloseable {

    static final Path DEFAULT_BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path directory;
    private final Process process;
    private final int port;

    private Mosquitto(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    static Mosquitto start(Path binary) throws IOException, InterruptedException {
        int port = freePort();
        Path directory = Files.createTempDirectory("mqttj-bench-mosquitto");
        Path config = directory.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_inflight_messages 0",
                "max_queued_messages 10000000",
                "max_queued_bytes 0",
                "max_connections -1",
                "set_tcp_nodelay true",
                "log_dest file " + directory.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("mosquitto.out").toFile())
                .start();
        Mosquitto broker = new Mosquitto(directory, process, port);
        broker.awaitListening();
        return broker;
    }

    /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.11". */
    static String version(Path binary) {
        try {
            Process help = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
            List<String> lines = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(line -> !line.isBlank()).toList();
            help.waitFor(5, TimeUnit.SECONDS);
            return lines.isEmpty() ? "unknown" : lines.get(0).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    int port() {
        return port;
    }

    Path logFile() {
        return directory.resolve("mosquitto.log");
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("mosquitto.out")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IOException("mosquitto did not listen on port " + port + " within 10 s", notYet);
                }
                // A separate process offers nothing to wait on but its port: poll it at a short interval.
                Thread.sleep(20);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
