package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted MQTT peer on a free 127.0.0.1 port: the n-th accepted connection plays the n-th {@link Flow},
 * so tests can check exact packet sequences, including reconnects and malformed input.
 *
 * <pre>{@code
 * try (FakeBroker broker = FakeBroker.start(flow)) {
 *     client.connect(broker.url());
 *     ...
 *     broker.awaitDone(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Every packet in either direction goes into a transcript; {@link #awaitDone(Duration)} fails with the
 * first mismatch and the whole transcript. Each connection runs on its own daemon thread named
 * {@code fake-broker-PORT-N}; {@link #close()} ends them all.
 */
public final class FakeBroker implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final List<Flow> flows;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final List<FlowRunner> runners = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final CountDownLatch arrivals;
    private Throwable firstFailureCause;
    private volatile boolean closed;

    private FakeBroker(List<Flow> flows) throws IOException {
        this.flows = List.copyOf(flows);
        this.arrivals = new CountDownLatch(flows.size());
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), 0), 50);
        this.acceptor = new Thread(this::acceptLoop, "fake-broker-" + serverSocket.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a broker whose first connection plays {@code first}, the second {@code more[0]}, and so on.
     *
     * @param first the flow of the first connection
     * @param more the flows of later connections (reconnect tests)
     * @return the listening broker
     * @throws UncheckedIOException if no port can be bound
     */
    public static FakeBroker start(Flow first, Flow... more) {
        List<Flow> all = new ArrayList<>();
        all.add(Objects.requireNonNull(first, "first flow"));
        all.addAll(List.of(more));
        return start(all);
    }

    /**
     * Starts a broker whose n-th connection plays the n-th flow; connections beyond the list fail the test.
     *
     * @param flows one flow per expected connection, at least one
     * @return the listening broker
     * @throws IllegalArgumentException if {@code flows} is empty
     * @throws UncheckedIOException if no port can be bound
     */
    public static FakeBroker start(List<Flow> flows) {
        if (flows.isEmpty()) {
            throw new IllegalArgumentException("flows must not be empty");
        }
        try {
            FakeBroker broker = new FakeBroker(flows);
            broker.acceptor.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake broker", e);
        }
    }

    private void acceptLoop() {
        int accepted = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                return; // closed
            }
            accepted++;
            if (accepted > flows.size()) {
                fail(accepted, "unexpected connection #" + accepted + ": only " + flows.size()
                        + " flow(s) were scripted", null);
                ChaosProxy.reset(socket);
                continue;
            }
            record(accepted, "accepted from " + socket.getRemoteSocketAddress());
            FlowRunner runner = new FlowRunner(this, socket, flows.get(accepted - 1), accepted);
            runners.add(runner);
            arrivals.countDown();
            Thread thread = new Thread(runner, "fake-broker-" + port() + "-" + accepted);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Waits until every scripted flow has finished, then fails if any step did not match.
     *
     * @param timeout how long to wait for all flows together
     * @throws AssertionError naming the first mismatch (or the steps still pending at the timeout), followed
     *     by the full transcript
     */
    public void awaitDone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (runners.size() < flows.size()) {
                if (hasFailed()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw failure("only " + runners.size() + " of " + flows.size() + " expected connections arrived"
                            + " within " + timeout);
                }
                // Short slices so a failure reported meanwhile ends the wait early.
                arrivals.await(20, TimeUnit.MILLISECONDS);
            }
            for (FlowRunner runner : runners) {
                if (!runner.awaitDone(Math.max(0, deadline - System.nanoTime())) && !hasFailed()) {
                    throw failure(runner.currentStep() + " did not complete within " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the flows");
        }
        synchronized (this) {
            if (!failures.isEmpty()) {
                throw failure(failures.get(0));
            }
        }
    }

    private synchronized boolean hasFailed() {
        return !failures.isEmpty();
    }

    private synchronized AssertionError failure(String reason) {
        StringBuilder message = new StringBuilder(reason);
        if (failures.size() > 1) {
            message.append("\nfurther failures:");
            failures.subList(1, failures.size()).forEach(f -> message.append("\n  ").append(f));
        }
        message.append("\ntranscript:");
        transcript.forEach(line -> message.append("\n  ").append(line));
        return new AssertionError(message.toString(), firstFailureCause);
    }

    synchronized void record(int connection, String line) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        transcript.add(String.format("%5d ms #%d %s", millis, connection, line));
    }

    synchronized void fail(int connection, String reason, Throwable cause) {
        record(connection, "FAILED: " + reason);
        if (failures.isEmpty()) {
            firstFailureCause = cause;
        }
        failures.add("connection #" + connection + ": " + reason);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Returns the transcript so far.
     *
     * @return one line per packet or event, oldest first
     */
    public synchronized List<String> transcript() {
        return List.copyOf(transcript);
    }

    /**
     * Returns how many connections the broker has accepted.
     *
     * @return the number of connections accepted so far, including unexpected ones
     */
    public int connectionCount() {
        return runners.size();
    }

    /**
     * Returns the listening port.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Returns the broker URL.
     *
     * @return {@code tcp://127.0.0.1:PORT}
     */
    public String url() {
        return "tcp://" + FreePorts.LOOPBACK + ":" + port();
    }

    /** Stops listening, closes every connection and waits up to 5 s for the broker's threads to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        runners.forEach(FlowRunner::closeQuietly);
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        try {
            acceptor.join(JOIN_TIMEOUT.toMillis());
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
