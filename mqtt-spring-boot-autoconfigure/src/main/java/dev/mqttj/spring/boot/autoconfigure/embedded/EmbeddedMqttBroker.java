package dev.mqttj.spring.boot.autoconfigure.embedded;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An MQTT 3.1.1 broker running inside the application (Moquette), bound to {@code 127.0.0.1}, for
 * development and tests. It keeps nothing across restarts, sends no telemetry and accepts any client.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Moquette refuses packets above 8 KiB by default; the client's own read limit is 8 MiB. */
    private static final int MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

    private final Server server;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedMqttBroker(Server server, Path dataDirectory, int port) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts a broker and waits until it accepts connections.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for a free one
     * @return the running broker
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @throws IllegalStateException if the broker did not start or accept connections within 30 s
     */
    public static EmbeddedMqttBroker start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("mqtt.embedded.port must be between 0 and 65535 but was " + port);
        }
        Path data;
        try {
            data = Files.createTempDirectory("mqtt-embedded-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded MQTT broker", e);
        }
        Properties properties = new Properties();
        properties.setProperty("host", HOST);
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_SIZE));
        properties.setProperty("data_path", data.toAbsolutePath() + "/");
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(properties));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(data);
            throw new IllegalStateException("the embedded MQTT broker did not start on " + HOST + ":" + port
                    + ": " + e.getMessage(), e);
        }
        try {
            int bound = awaitBound(server);
            awaitAccepting(bound);
            return new EmbeddedMqttBroker(server, data, bound);
        } catch (RuntimeException e) {
            server.stopServer();
            deleteQuietly(data);
            throw e;
        }
    }

    private static int awaitBound(Server server) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // Moquette reports 0 until Netty has bound the port.
        while (server.getPort() <= 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded MQTT broker did not bind its port within " + START_TIMEOUT);
            }
            Thread.onSpinWait();
        }
        return server.getPort();
    }

    private static void awaitAccepting(int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the embedded MQTT broker does not accept connections on port "
                            + port, notYet);
                }
            }
        }
    }

    /**
     * Returns the port the broker listens on.
     *
     * @return the TCP port on 127.0.0.1
     */
    public int port() {
        return port;
    }

    /**
     * Returns the URL clients connect to.
     *
     * @return {@code tcp://127.0.0.1:<port>}
     */
    public String url() {
        return "tcp://" + HOST + ":" + port;
    }

    /** Stops the broker and deletes its data directory. */
    @Override
    public void close() {
        try {
            server.stopServer();
        } finally {
            deleteQuietly(dataDirectory);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    @Override
    public String toString() {
        return "EmbeddedMqttBroker[" + url() + "]";
    }
}
