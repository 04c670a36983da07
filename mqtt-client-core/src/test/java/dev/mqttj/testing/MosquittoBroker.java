package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

/**
 * A {@code mosquitto} process on free loopback ports, configured by a generated file in a temporary directory.
 *
 * <p>A plain TCP listener always exists; TLS (optionally requiring a client certificate), {@code ws} and
 * {@code wss} listeners and persistence are opt-in through {@link MosquittoBrokerBuilder}.
 * {@link #start()} returns once Mosquitto reported "running" and every listener accepts connections.
 * {@link #kill()} sends SIGKILL; {@link #start()} after it (or {@link #restart()}) comes back on the same ports
 * with the same persistence directory. The broker's output goes to {@link #logFile()}, and start failures
 * include it.
 *
 * <p>Persistence across SIGKILL: Mosquitto 2.0.11 keeps state in memory and rewrites {@code mosquitto.db}
 * on autosave and on a clean shutdown. This broker autosaves after every change ({@code autosave_on_changes
 * true}, {@code autosave_interval 1}), so a kill loses at most what changed since the last save: retained
 * messages, persistent sessions with their subscriptions, and QoS 1/2 messages queued for offline
 * persistent clients survive once saved; the main loop saves after the acknowledgements of a pass went out,
 * so a kill right after a change can still lose it ({@link #save()} forces and awaits a save). Open network
 * connections and messages inside a socket buffer never survive.
 *
 * <pre>{@code
 * Path binary = BrokerRequirements.requireMosquitto();
 * try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).persistence(true).start()) {
 *     connect(broker.url());
 *     broker.kill();
 *     broker.restart();
 * }
 * }</pre>
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SAVE_RETRY = Duration.ofMillis(250);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "mqttj-mosquitto-reaper"));
    }

    private final Path binary;
    private final MosquittoBrokerBuilder options;
    private final Path directory;
    private final Path configFile;
    private final Path logFile;
    private final Path dataDirectory;
    private int port;
    private int tlsPort = -1;
    private int wsPort = -1;
    private int wssPort = -1;
    private Process process;

    private MosquittoBroker(Path binary, MosquittoBrokerBuilder options) {
        this.binary = binary;
        this.options = options;
        this.directory = TempDirs.create("mqttj-mosquitto-");
        this.configFile = directory.resolve("mosquitto.conf");
        this.logFile = directory.resolve("mosquitto.log");
        this.dataDirectory = options.persistenceParent == null ? directory.resolve("data")
                : options.persistenceParent.resolve(directory.getFileName() + "-data");
        if (options.persistenceParent != null) {
            TempDirs.deleteOnExit(dataDirectory);
        }
    }

    /**
     * Returns a builder; the {@code mosquitto} binary is located by {@link BrokerRequirements#requireMosquitto()}.
     *
     * @return a new builder
     */
    public static MosquittoBrokerBuilder builder() {
        return new MosquittoBrokerBuilder();
    }

    static MosquittoBroker create(Path binary, MosquittoBrokerBuilder options) {
        return new MosquittoBroker(binary, options);
    }

    /**
     * Starts the broker, or starts it again on the same ports after {@link #stop()} or {@link #kill()}.
     *
     * @return this broker
     * @throws IllegalStateException if a listener does not accept connections within 15 s; the message
     *     holds the broker's log
     */
    public synchronized MosquittoBroker start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mosquitto already running on port " + port
                    + " (pid " + process.pid() + ")");
        }
        if ((options.tls || options.secureWebsocket) && options.certificates == null) {
            TestCertificates.get(); // generated once per JVM, which takes seconds: not part of the start timeout
        }
        boolean firstStart = port == 0;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            if (firstStart) {
                pickPorts();
            }
            int logOffset = readLog().length();
            try {
                startOnce(deadline, logOffset);
                return this;
            } catch (IllegalStateException e) {
                failure = e;
                destroyAndWait(true);
                // A picked port may have been taken meanwhile (first start: try new ports) or still be held
                // by the killed process (restart: try the same ports again shortly).
                String attemptLog = readLogSince(logOffset);
                boolean portTaken = attemptLog.contains("Address already in use")
                        || attemptLog.contains("Unable to create websockets listener");
                if (System.nanoTime() > deadline || !portTaken) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50L * attempt));
            }
        }
        throw failure;
    }

    private void pickPorts() {
        port = FreePorts.pick();
        tlsPort = options.tls ? FreePorts.pick() : -1;
        wsPort = options.websocket ? FreePorts.pick() : -1;
        wssPort = options.secureWebsocket ? FreePorts.pick() : -1;
    }

    private void startOnce(long deadline, int logOffset) {
        try {
            Files.writeString(configFile, MosquittoConfig.render(this, options), StandardCharsets.UTF_8);
            TempDirs.makeWorldReadable(directory);
            if (options.persistence) {
                TempDirs.createShared(dataDirectory.getParent(), dataDirectory.getFileName().toString());
            }
            Files.writeString(logFile, "---- starting " + binary + " -c " + configFile + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(binary.toString(), "-c", configFile.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        RUNNING.add(process);
        // Mosquitto logs "running" once every listener is open. Waiting for it (and not only for the ports)
        // matters: another process listening on a picked port would accept the probe for a dead broker.
        while (!readLogSince(logOffset).contains(" running")) {
            checkAlive("before it reported running", deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        for (Map.Entry<String, Integer> listener : listenerPorts().entrySet()) {
            while (!FreePorts.accepts(listener.getValue(), Duration.ofMillis(200))) {
                checkAlive("before its " + listener.getKey() + " port " + listener.getValue() + " accepted connections",
                        deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
        checkAlive("right after start", deadline);
    }

    private void checkAlive(String when, long deadline) {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with code " + process.exitValue() + " " + when
                    + "; log " + logFile + ":\n" + readLog() + "\nconfiguration:\n" + readConfig());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("mosquitto did not start within " + START_TIMEOUT + " (" + when
                    + "); log " + logFile + ":\n" + readLog() + "\nconfiguration:\n" + readConfig());
        }
    }

    /**
     * Stops the broker with SIGTERM (Mosquitto saves its persistence file) and waits for it to exit,
     * falling back to SIGKILL after 10 s. Does nothing when it is not running.
     */
    public synchronized void stop() {
        destroyAndWait(false);
    }

    /**
     * Kills the broker with SIGKILL, as a crash would, and waits for it to exit. Does nothing when it is
     * not running.
     */
    public synchronized void kill() {
        destroyAndWait(true);
    }

    /**
     * Stops the broker gracefully if it runs, then starts it on the same ports with the same persistence.
     *
     * @return this broker
     * @throws IllegalStateException if it does not come back within 15 s
     */
    public synchronized MosquittoBroker restart() {
        stop();
        return start();
    }

    /** Stops the broker and deletes its temporary directory. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteQuietly(directory);
            TempDirs.deleteQuietly(dataDirectory);
        }
    }

    private void destroyAndWait(boolean forcibly) {
        Process running = process;
        if (running == null) {
            return;
        }
        try {
            if (forcibly) {
                running.destroyForcibly();
            } else {
                running.destroy();
            }
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly();
                running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(running);
        }
    }

    /**
     * Makes Mosquitto write its persistence file now and waits until a save that began after this call has
     * finished, so a {@link #kill()} afterwards keeps every change the broker made before the call.
     *
     * <p>Mosquitto saves on SIGUSR1 at its next main-loop pass and logs when a save begins, not when it ends.
     * The loop runs one save at a time, so the first save is over once a second one has begun. A kill during
     * the second leaves the first intact: Mosquitto writes a new file and renames it over the old one.
     *
     * @throws IllegalStateException if the broker is not running, persistence is off, or the saves do not
     *     begin within 15 s
     */
    public synchronized void save() {
        if (!options.persistence) {
            throw new IllegalStateException("mosquitto broker built without persistence(true)");
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        awaitSaveBegunAfter(logSize(), deadline);
        awaitSaveBegunAfter(logSize(), deadline);
    }

    /**
     * Signals until the log shows a save begun after {@code offset}. Mosquitto clears its save flag after the
     * save it triggered, so a signal that arrives during that save is lost and has to be sent again.
     */
    private void awaitSaveBegunAfter(long offset, long deadline) {
        while (true) {
            signal("USR1");
            long retry = System.nanoTime() + SAVE_RETRY.toNanos();
            while (System.nanoTime() < retry) {
                if (readLogFrom(offset).contains("Saving in-memory database")) {
                    return;
                }
                if (!isRunning()) {
                    throw new IllegalStateException("mosquitto is not running; log " + logFile + ":\n" + readLog());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto did not save within " + START_TIMEOUT + "; log "
                            + logFile + ":\n" + readLog());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void signal(String name) {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling mosquitto", e);
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** The log from a byte offset on; reading only the tail keeps polling cheap when the log is long. */
    private String readLogFrom(long offset) {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            long size = channel.size();
            if (size <= offset) {
                return "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // Read up to the end as it was when opened.
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /**
     * Tells whether the mosquitto process is alive.
     *
     * @return true while the process runs
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Returns the process id, for tests that signal the broker themselves.
     *
     * @return the pid of the running process
     * @throws IllegalStateException if the broker is not running
     */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("mosquitto is not running");
        }
        return process.pid();
    }

    /**
     * Returns the plain TCP port.
     *
     * @return the MQTT TCP listener's port
     */
    public int port() {
        return requirePort(port, "port", true);
    }

    /**
     * Returns the TLS port.
     *
     * @return the MQTT over TLS listener's port
     * @throws IllegalStateException if the broker was built without {@link MosquittoBrokerBuilder#tls(boolean)}
     */
    public int tlsPort() {
        return requirePort(tlsPort, "tls", options.tls);
    }

    /**
     * Returns the websocket port.
     *
     * @return the MQTT over websocket listener's port
     * @throws IllegalStateException if the broker was built without {@link MosquittoBrokerBuilder#websocket(boolean)}
     */
    public int wsPort() {
        return requirePort(wsPort, "websocket", options.websocket);
    }

    /**
     * Returns the secure websocket port.
     *
     * @return the MQTT over secure websocket listener's port
     * @throws IllegalStateException if the broker was built without
     *     {@link MosquittoBrokerBuilder#secureWebsocket(boolean)}
     */
    public int wssPort() {
        return requirePort(wssPort, "secureWebsocket", options.secureWebsocket);
    }

    private int requirePort(int value, String option, boolean enabled) {
        if (!enabled) {
            throw new IllegalStateException("mosquitto broker built without " + option + "(true)");
        }
        if (value <= 0) {
            throw new IllegalStateException("mosquitto broker not started yet");
        }
        return value;
    }

    /**
     * Returns the URL {@code tcp://127.0.0.1:PORT}.
     *
     * @return {@code tcp://127.0.0.1:PORT}
     */
    public String url() {
        return "tcp://" + FreePorts.LOOPBACK + ":" + port();
    }

    /**
     * Returns the URL {@code ssl://127.0.0.1:TLSPORT}; the server certificate is valid for 127.0.0.1 and localhost.
     *
     * @return {@code ssl://127.0.0.1:TLSPORT}; the server certificate is valid for 127.0.0.1 and localhost
     */
    public String tlsUrl() {
        return "ssl://" + FreePorts.LOOPBACK + ":" + tlsPort();
    }

    /**
     * Returns the URL {@code ws://127.0.0.1:WSPORT/mqtt} (Mosquitto accepts any path).
     *
     * @return {@code ws://127.0.0.1:WSPORT/mqtt} (Mosquitto accepts any path)
     */
    public String wsUrl() {
        return "ws://" + FreePorts.LOOPBACK + ":" + wsPort() + "/mqtt";
    }

    /**
     * Returns the URL {@code wss://127.0.0.1:WSSPORT/mqtt}.
     *
     * @return {@code wss://127.0.0.1:WSSPORT/mqtt}
     */
    public String wssUrl() {
        return "wss://" + FreePorts.LOOPBACK + ":" + wssPort() + "/mqtt";
    }

    /**
     * Returns the test CA's certificate, which signed the broker's certificate.
     *
     * @return the test CA's certificate, which signed the broker's certificate
     */
    public X509Certificate caCertificate() {
        return certificates().caCertificate();
    }

    /**
     * Returns a TLS context trusting the test CA, without a client certificate.
     *
     * @return a TLS context trusting the test CA, without a client certificate
     */
    public SSLContext clientSslContext() {
        return certificates().clientContext();
    }

    /**
     * Returns a TLS context trusting the test CA and presenting the test client certificate.
     *
     * @return a TLS context trusting the test CA and presenting the test client certificate
     */
    public SSLContext mutualTlsSslContext() {
        return certificates().mutualTlsClientContext();
    }

    /**
     * Returns the certificate set used by the TLS listeners (PEM files, key stores).
     *
     * @return the certificate set used by the TLS listeners (PEM files, key stores)
     */
    public TestCertificates certificates() {
        return options.certificates != null ? options.certificates : TestCertificates.get();
    }

    /**
     * Returns the file receiving the broker's stdout and stderr across restarts.
     *
     * @return the file receiving the broker's stdout and stderr across restarts
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Returns the broker's temporary directory (configuration, log, persistence).
     *
     * @return the broker's temporary directory (configuration, log, persistence)
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns {@code mosquitto.db} in the persistence directory; it exists after the first save.
     *
     * @return {@code mosquitto.db} in the persistence directory; it exists after the first save
     */
    public Path persistenceFile() {
        return dataDirectory.resolve("mosquitto.db");
    }

    /**
     * Returns the broker's output so far, or a note why it cannot be read.
     *
     * @return the broker's output so far, or a note why it cannot be read
     */
    public String readLog() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "(no log yet)";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /**
     * Waits until the broker has ended every connection it accepted for {@code clientId}, as its log tells. Over
     * websockets Mosquitto ends a closed connection in a later pass of its loop, so a new connection with the same
     * client id can arrive first and be taken for the old one's session takeover.
     *
     * @param clientId the client id
     * @param timeout how long to wait
     * @throws IllegalStateException if a connection of the client is still open after the timeout
     */
    public void awaitClientReleased(String clientId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = readLog();
            int opened = occurrences(log, " as " + clientId + " (");
            int ended = occurrences(log, ": Client " + clientId + " ") + occurrences(log, " on client " + clientId + ",");
            if (ended >= opened) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto still has " + (opened - ended) + " connection(s) of "
                        + clientId + " after " + timeout + "; log " + logFile);
            }
            // Polls the condition; the log is the only place Mosquitto tells it.
            LockSupport.parkNanos(2_000_000L);
        }
    }

    private static int occurrences(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + fragment.length())) {
            count++;
        }
        return count;
    }

    private String readLogSince(int offset) {
        String log = readLog();
        return log.substring(Math.min(offset, log.length()));
    }

    private String readConfig() {
        try {
            return Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + configFile + ": " + e + ")";
        }
    }

    Map<String, Integer> listenerPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("tcp", port);
        if (options.tls) {
            ports.put("tls", tlsPort);
        }
        if (options.websocket) {
            ports.put("ws", wsPort);
        }
        if (options.secureWebsocket) {
            ports.put("wss", wssPort);
        }
        return ports;
    }

    Path dataDirectory() {
        return dataDirectory;
    }
}
