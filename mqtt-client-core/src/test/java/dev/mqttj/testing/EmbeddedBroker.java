package dev.mqttj.testing;

import io.moquette.broker.ClientDescriptor;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A Moquette 0.17 MQTT 3.1.1 broker running inside the test JVM on free 127.0.0.1 ports.
 *
 * <p>Anonymous clients are allowed, usage telemetry is off, the message size limit is raised to
 * {@link #MAX_MESSAGE_SIZE}, and persistence lives in a temporary directory deleted by {@link #close()}.
 * Moquette was chosen over HiveMQ CE embedded because it is 26 jars and starts in under a second,
 * against roughly 100 MB of jars and 2-3 s per start.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().websocket(true).start()) {
 *     connect(broker.url());
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** The largest MQTT packet the broker accepts, in bytes. */
    public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    static {
        QuietLogging.apply();
    }

    private final boolean websocket;
    private final boolean persistent;
    private final Set<String> deniedFilters;
    private final Path directory;
    private Server server;
    private int port;
    private int wsPort = -1;

    private EmbeddedBroker(Builder builder) {
        this.websocket = builder.websocket;
        this.persistent = builder.persistent;
        this.deniedFilters = builder.deniedFilters;
        this.directory = TempDirs.create("mqttj-moquette-");
    }

    /**
     * Starts a broker with a TCP listener only and persistence in a temporary directory.
     *
     * @return the running broker
     * @throws IllegalStateException if it does not start within 20 s
     */
    public static EmbeddedBroker startDefault() {
        return builder().start();
    }

    /**
     * Returns a builder for a broker with non-default options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker, or restarts it on the same ports and persistence directory after {@link #stop()}.
     *
     * @return this broker
     * @throws IllegalStateException if the listeners do not accept connections within 20 s
     */
    public synchronized EmbeddedBroker start() {
        if (server != null) {
            throw new IllegalStateException("embedded broker already running on port " + port);
        }
        boolean firstStart = port == 0;
        int attempts = firstStart ? 3 : 1;
        RuntimeException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (firstStart && websocket) {
                wsPort = FreePorts.pick();
            }
            try {
                startOnce(firstStart ? 0 : port);
                return this;
            } catch (RuntimeException e) {
                // Another process may have taken the picked websocket port: try a fresh one.
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                stop();
            }
        }
        throw last;
    }

    private void startOnce(int tcpPort) {
        Properties properties = new Properties();
        properties.setProperty("host", FreePorts.LOOPBACK);
        properties.setProperty("port", Integer.toString(tcpPort));
        properties.setProperty("websocket_port", websocket ? Integer.toString(wsPort) : "disabled");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_SIZE));
        properties.setProperty("websocket_max_frame_size", Integer.toString(MAX_MESSAGE_SIZE));
        properties.setProperty("persistence_enabled", Boolean.toString(persistent));
        properties.setProperty("data_path", directory.toAbsolutePath() + "/");
        Server started = new Server();
        try {
            started.startServer(new MemoryConfig(properties), null, null, null, new IAuthorizatorPolicy() {
                @Override
                public boolean canWrite(Topic topic, String user, String client) {
                    return true;
                }

                @Override
                public boolean canRead(Topic topic, String user, String client) {
                    return !deniedFilters.contains(topic.toString());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Moquette did not start", e);
        }
        server = started;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // getPort() reads 0 until Netty reports the bound port.
        while (boundPort(started) <= 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Moquette did not bind its TCP port within " + START_TIMEOUT);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        port = boundPort(started);
        awaitAccepting(port, deadline);
        if (websocket) {
            awaitAccepting(wsPort, deadline);
        }
    }

    /**
     * The server's TCP port, or 0 while not yet bound. Moquette keeps its ports in a plain HashMap that Netty's
     * bind callback fills on another thread, so reading it meanwhile can throw ConcurrentModificationException.
     */
    private static int boundPort(Server server) {
        try {
            return server.getPort();
        } catch (java.util.ConcurrentModificationException stillBinding) {
            return 0;
        }
    }

    private static void awaitAccepting(int listenerPort, long deadline) {
        while (!FreePorts.accepts(listenerPort, Duration.ofMillis(200))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Moquette does not accept connections on port " + listenerPort);
            }
            Thread.yield();
        }
    }

    /**
     * Stops the broker but keeps its ports and persistence directory for a later {@link #start()}.
     * Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (server != null) {
            Server running = server;
            server = null;
            running.stopServer();
        }
    }

    /**
     * Stops the broker and then starts it again on the same ports with the same persistence directory.
     *
     * @return this broker
     */
    public synchronized EmbeddedBroker restart() {
        stop();
        return start();
    }

    /** Stops the broker and deletes its persistence directory. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteQuietly(directory);
        }
    }

    /**
     * Returns the TCP port.
     *
     * @return the port the MQTT TCP listener is bound to
     * @throws IllegalStateException if the broker was never started
     */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("embedded broker not started");
        }
        return port;
    }

    /**
     * Returns the websocket port.
     *
     * @return the port of the websocket listener (path {@code /mqtt})
     * @throws IllegalStateException if the broker was built without a websocket listener
     */
    public int wsPort() {
        if (!websocket) {
            throw new IllegalStateException("embedded broker built without websocket(true)");
        }
        return wsPort;
    }

    /**
     * Returns the TCP broker URL.
     *
     * @return {@code tcp://127.0.0.1:PORT}
     */
    public String url() {
        return "tcp://" + FreePorts.LOOPBACK + ":" + port();
    }

    /**
     * Returns the websocket broker URL.
     *
     * @return {@code ws://127.0.0.1:PORT/mqtt}
     * @throws IllegalStateException if the broker was built without a websocket listener
     */
    public String wsUrl() {
        return "ws://" + FreePorts.LOOPBACK + ":" + wsPort() + "/mqtt";
    }

    /**
     * Returns the ids of the clients Moquette regards as connected.
     *
     * @return the client ids, empty when the broker is stopped
     */
    public synchronized Set<String> connectedClientIds() {
        if (server == null) {
            return Set.of();
        }
        return server.listConnectedClients().stream().map(ClientDescriptor::getClientID).collect(Collectors.toSet());
    }

    /**
     * Waits until Moquette regards {@code clientId} as connected.
     *
     * <p>Moquette 0.17 sends CONNACK before it marks the connection connected (it does so in a listener
     * added after the write), and it closes a connection whose SUBSCRIBE arrives in between. On a busy machine
     * that window can outlast a network round trip, so a test that subscribes right after CONNACK should
     * call this first.
     *
     * @param clientId the client id sent in CONNECT
     * @param timeout how long to wait
     * @throws IllegalStateException if the client is not connected within {@code timeout}
     */
    public void awaitClientConnected(String clientId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connectedClientIds().contains(clientId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("client " + clientId + " not connected to Moquette within " + timeout
                        + "; connected: " + connectedClientIds());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Waits until Moquette has finished with the last connection of {@code clientId}: its session is gone
     * (clean session) or disconnected (persistent session).
     *
     * <p>Moquette 0.17 handles a DISCONNECT, or the loss of a connection, as a command on the session loop of
     * the client id, after everything that connection sent before. A CONNECT with the same client id on a new
     * connection can be handled first and find the old session still there, and a later subscriber can miss
     * what the connection published (Moquette sends PUBACK before it stores a retained message). A test that
     * depends on a connection's end, or on all its packets having been handled, should call this first.
     *
     * <p>The session's own state is checked, not {@link #connectedClientIds()}: Moquette lists a client only
     * once a listener on the CONNACK write ran, so right after a short-lived connection (one a helper opened and
     * closed) the list can lack the client while its session is still connecting.
     *
     * @param clientId the client id sent in CONNECT
     * @param timeout how long to wait
     * @throws IllegalStateException if the session is neither gone nor disconnected after {@code timeout}
     */
    public void awaitClientDisconnected(String clientId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status;
        // A clean session is DESTROYED and then removed from the registry; a persistent one stays DISCONNECTED.
        while ((status = sessionStatus(clientId)) != null && !status.equals("DISCONNECTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("session of " + clientId + " still " + status + " in Moquette after "
                        + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Returns the state Moquette 0.17 keeps for the session of {@code clientId}
     * ({@code Session.SessionStatus}: CONNECTING, CONNECTED, DISCONNECTING, DISCONNECTED, DESTROYED), or null
     * when it has no session for it or the broker is stopped. Moquette offers no public way to ask, so this
     * reads {@code Server.sessions}, {@code SessionRegistry.pool} and {@code Session.status}.
     */
    synchronized String sessionStatus(String clientId) {
        if (server == null) {
            return null;
        }
        try {
            Object registry = readField(server, "sessions");
            Object session = ((Map<?, ?>) readField(registry, "pool")).get(clientId);
            if (session == null) {
                return null;
            }
            return ((Enum<?>) ((AtomicReference<?>) readField(session, "status")).get()).name();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read Moquette's session state (written for Moquette 0.17)", e);
        }
    }

    private static Object readField(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /**
     * Tells whether the broker is running.
     *
     * @return true between {@link #start()} and {@link #stop()}/{@link #close()}
     */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Options of an {@link EmbeddedBroker}. */
    public static final class Builder {
        private boolean websocket;
        private boolean persistent = true;
        private Set<String> deniedFilters = Set.of();

        private Builder() {
        }

        /**
         * Refuses subscriptions to these exact filters, as an access control list would: Moquette answers them
         * with SUBACK return code 0x80, unlike Mosquitto 2.0, which grants them and delivers nothing.
         *
         * @param topicFilters the filters no client may subscribe to
         * @return this builder
         */
        public Builder denySubscriptions(String... topicFilters) {
            this.deniedFilters = Set.of(topicFilters);
            return this;
        }

        /**
         * Adds a websocket listener on another free port.
         *
         * @param enabled whether to listen for MQTT over websockets at path {@code /mqtt}
         * @return this builder
         */
        public Builder websocket(boolean enabled) {
            this.websocket = enabled;
            return this;
        }

        /**
         * Chooses between H2-backed persistence in the temporary directory (default) and memory only.
         *
         * @param enabled whether sessions and queues are persisted
         * @return this builder
         */
        public Builder persistent(boolean enabled) {
            this.persistent = enabled;
            return this;
        }

        /**
         * Creates and starts the broker.
         *
         * @return the running broker
         * @throws IllegalStateException if it does not start
         */
        public EmbeddedBroker start() {
            EmbeddedBroker broker = new EmbeddedBroker(this);
            try {
                return broker.start();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }
}
