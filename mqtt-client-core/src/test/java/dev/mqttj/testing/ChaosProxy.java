package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on a free 127.0.0.1 port that forwards to a target and injects network faults.
 *
 * <p>Every command takes effect on live connections at once: {@link #cutAll()} resets them,
 * {@link #stall()} holds all data in both directions until {@link #resume()}, {@link #blackHole(boolean)}
 * swallows everything, {@link #latency(Duration)} delays each chunk (order preserved) and
 * {@link #refuseNew(boolean)} resets new connections right after accepting them. Each connection uses
 * four named daemon threads ({@code chaos-proxy-PORT-N-...}); {@link #close()} ends them all and waits.
 *
 * <pre>{@code
 * try (ChaosProxy proxy = ChaosProxy.start("127.0.0.1", broker.port())) {
 *     connect(proxy.url());
 *     proxy.cutAll();
 * }
 * }</pre>
 */
public final class ChaosProxy implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final AtomicInteger connectionIds = new AtomicInteger();

    final ReentrantLock lock = new ReentrantLock();
    final Condition stateChanged = lock.newCondition();
    volatile boolean stalled;
    volatile boolean blackHoled;
    volatile long latencyNanos;
    private volatile boolean refusing;
    volatile boolean closed;

    private ChaosProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), 0), 128);
        this.acceptor = new Thread(this::acceptLoop, "chaos-proxy-" + serverSocket.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy on a free loopback port forwarding to {@code targetHost:targetPort}.
     *
     * @param targetHost the host to forward to, normally {@code 127.0.0.1}
     * @param targetPort the port to forward to
     * @return the running proxy
     * @throws UncheckedIOException if the listening socket cannot be bound
     */
    public static ChaosProxy start(String targetHost, int targetPort) {
        try {
            ChaosProxy proxy = new ChaosProxy(targetHost, targetPort);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start chaos proxy to " + targetHost + ":" + targetPort, e);
        }
    }

    /**
     * Starts a proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}.
     *
     * @param targetPort the loopback port to forward to
     * @return the running proxy
     */
    public static ChaosProxy start(int targetPort) {
        return start(FreePorts.LOOPBACK, targetPort);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = serverSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (refusing || closed) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            } catch (IOException e) {
                refused.incrementAndGet();
                reset(client);
                reset(upstream);
                continue;
            }
            accepted.incrementAndGet();
            ProxyConnection connection = new ProxyConnection(this, client, upstream,
                    "chaos-proxy-" + port() + "-" + connectionIds.incrementAndGet());
            connections.add(connection);
            connection.start();
        }
    }

    Thread newThread(Runnable task, String name) {
        // Finished threads are pruned here rather than removing themselves, so close() can join every live one.
        threads.removeIf(thread -> !thread.isAlive());
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    void removed(ProxyConnection connection) {
        connections.remove(connection);
    }

    void forwarded(int bytes) {
        forwardedBytes.addAndGet(bytes);
    }

    /** Closes every live connection on both sides with a TCP reset (SO_LINGER 0); new ones are still accepted. */
    public void cutAll() {
        for (ProxyConnection connection : connections) {
            connection.abort();
        }
    }

    /** Stops forwarding in both directions while keeping every socket open, until {@link #resume()}. */
    public void stall() {
        setState(() -> stalled = true);
    }

    /** Resumes forwarding after {@link #stall()}; held data is delivered in order. */
    public void resume() {
        setState(() -> stalled = false);
    }

    /**
     * Switches black-hole mode: data is still read from both sides but discarded instead of forwarded.
     *
     * @param enabled true to discard, false to forward again
     */
    public void blackHole(boolean enabled) {
        setState(() -> blackHoled = enabled);
    }

    /**
     * Delays every chunk by {@code delay} in both directions, measured from when the proxy read it.
     *
     * @param delay the added one-way delay; {@link Duration#ZERO} turns it off
     * @throws IllegalArgumentException if the delay is negative
     */
    public void latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + delay);
        }
        setState(() -> latencyNanos = delay.toNanos());
    }

    /**
     * Switches refusal of new connections: they are accepted and immediately reset, so the client sees a
     * connection failure; live connections are untouched.
     *
     * @param enabled true to refuse new connections
     */
    public void refuseNew(boolean enabled) {
        refusing = enabled;
    }

    /**
     * Returns the number of connections currently open through the proxy.
     *
     * @return the number of connections currently open through the proxy
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Returns the number of connections accepted and forwarded since start.
     *
     * @return the number of connections accepted and forwarded since start
     */
    public int acceptedCount() {
        return accepted.get();
    }

    /**
     * Returns the number of connections reset at once because of {@link #refuseNew(boolean)} or a dead target.
     *
     * @return the number of connections reset at once because of {@link #refuseNew(boolean)} or a dead target
     */
    public int refusedCount() {
        return refused.get();
    }

    /**
     * Returns the number of bytes written to either side so far.
     *
     * @return the number of bytes written to either side so far
     */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /**
     * Returns the proxy's listening port.
     *
     * @return the proxy's listening port
     */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Returns {@code tcp://127.0.0.1:PORT} of the proxy.
     *
     * @return {@code tcp://127.0.0.1:PORT} of the proxy
     */
    public String url() {
        return "tcp://" + FreePorts.LOOPBACK + ":" + port();
    }

    /** Stops accepting, resets every connection and waits up to 5 s for all proxy threads to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        setState(() -> stalled = false);
        cutAll();
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

    private void setState(Runnable change) {
        lock.lock();
        try {
            change.run();
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (SocketException e) {
            // Already broken: a plain close is all that is left.
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do.
        }
    }
}
