package dev.mqttj.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal MQTT 3.1.1 broker that acknowledges and routes as fast as it can, so a benchmark can
 * measure a client where Mosquitto would be the bottleneck. It is written against the specification
 * byte by byte and shares no code with the client under test.
 *
 * <p>It answers CONNECT, PUBLISH (QoS 0, 1, 2), PUBREL, SUBSCRIBE, UNSUBSCRIBE, PINGREQ and
 * DISCONNECT, and routes each PUBLISH to every matching subscription ({@code +} and {@code #}
 * wildcards) at the lower of the two QoS levels, with its own packet identifiers. It keeps no
 * sessions, retained messages or wills and ignores keep-alive: it exists for the harness's clean
 * sessions on loopback.
 *
 * <p>One thread serves every connection through a selector. For the one or two busy connections of
 * a benchmark that is cheaper than a thread per connection: no hand-over between threads, no locks,
 * and at most one core, so the clients keep the rest of the machine. It reads whatever has arrived,
 * handles every complete packet in it, and writes all replies and routed messages of that pass with
 * one write per connection. Writes never block: output that a slow reader does not take stays
 * queued in an unbounded buffer, so a subscriber cannot stall the publisher feeding it.
 *
 * <p>As a main class it runs in its own JVM, so its CPU is not counted as the client's: it listens
 * on the loopback port given as the only argument (0 or none: a free one), prints
 * {@code @@ready <port>}, answers the command {@code stats} with
 * {@code @@stats <CPU nanoseconds of its thread> <PUBLISH packets received>} and stops when standard
 * input ends or reads {@code quit}.
 */
public final class SinkBroker implements AutoCloseable {

    static final String READY = "@@ready";
    static final String STATS = "@@stats";

    /** Identifiers in use toward one subscriber; more deliveries wait until one is released. */
    static final int MAX_OUTBOUND_IN_FLIGHT = 65_535;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    /** Every connection's subscriptions, in the order they were made. */
    final List<Subscription> subscriptions = new ArrayList<>();
    /** Connections with output produced in the current pass of the loop. */
    final List<SinkConnection> dirty = new ArrayList<>();
    private volatile boolean closing;
    /** PUBLISH packets received, counted by the broker's thread alone. */
    long publishes;
    /**
     * {@link #publishes} as of the last pass of the loop. It is updated before the pass writes, so once
     * a client has an acknowledgement every PUBLISH before it is counted here.
     */
    private volatile long publishesSeen;

    private SinkBroker(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        thread = new Thread(this::loop, "sink-broker");
        thread.setDaemon(true);
    }

    /**
     * Starts a sink broker in this JVM on the loopback interface.
     *
     * @param port the port, or 0 for a free one
     * @return the running broker
     * @throws IOException if the port cannot be bound
     */
    public static SinkBroker start(int port) throws IOException {
        SinkBroker broker = new SinkBroker(port);
        broker.thread.start();
        return broker;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /**
     * The CPU time of the broker's thread so far. The broker does all its work on that one thread,
     * so this over a run's time is how close the broker came to being the bottleneck.
     */
    public long busyNanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    /** The PUBLISH packets received from all clients so far. */
    public long publishes() {
        return publishesSeen;
    }

    /**
     * Runs the broker until standard input ends or says {@code quit}.
     *
     * @param args an optional port; 0 or none picks a free one
     * @throws Exception if the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (SinkBroker broker = start(port)) {
            System.out.println(READY + " " + broker.port());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null && !line.trim().equals("quit");
                    line = commands.readLine()) {
                if (line.trim().equals("stats")) {
                    System.out.println(STATS + " " + broker.busyNanos() + " " + broker.publishes());
                    System.out.flush();
                } else {
                    System.err.println("[sink] ignoring command '" + line + "'");
                }
            }
        }
        System.exit(0);
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | ClosedSelectorException ignored) {
            // Closing anyway.
        }
    }

    private void loop() {
        try {
            while (!closing) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    SinkConnection connection = (SinkConnection) key.attachment();
                    if (key.isReadable()) {
                        connection.read();
                    }
                    if (key.isValid() && key.isWritable()) {
                        connection.flush();
                    }
                }
                selector.selectedKeys().clear();
                publishesSeen = publishes;
                // Everything this pass produced goes out with one write per connection.
                for (int i = 0; i < dirty.size(); i++) {
                    SinkConnection connection = dirty.get(i);
                    connection.queued = false;
                    if (connection.open && !connection.awaitingWritable) {
                        connection.flush();
                    }
                }
                dirty.clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.err.println("[sink] stopped: " + e);
                e.printStackTrace();
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel channel = server.accept(); channel != null; channel = server.accept()) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SinkConnection connection = new SinkConnection(this, channel);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        }
    }

    /** A subscription of one connection; the filter stays in UTF-8 bytes to match without decoding. */
    record Subscription(SinkConnection connection, byte[] filter, int qos) {
    }

    /**
     * Whether an MQTT topic filter matches a topic name, both as UTF-8 bytes: {@code +} matches one
     * level, a trailing {@code #} the parent level and everything below, and neither matches a topic
     * that starts with {@code $} at the first level.
     */
    static boolean matches(byte[] filter, ByteBuffer topicBuffer, int topicStart, int topicLength) {
        int end = topicStart + topicLength;
        int f = 0;
        int t = topicStart;
        if (topicLength > 0 && topicBuffer.get(topicStart) == '$' && filter.length > 0
                && (filter[0] == '+' || filter[0] == '#')) {
            return false;
        }
        while (f < filter.length) {
            byte c = filter[f];
            if (c == '#') {
                return true;
            }
            if (c == '+') {
                while (t < end && topicBuffer.get(t) != '/') {
                    t++;
                }
                f++;
            } else {
                while (f < filter.length && filter[f] != '/') {
                    if (t >= end || topicBuffer.get(t) != filter[f]) {
                        return false;
                    }
                    f++;
                    t++;
                }
                if (t < end && topicBuffer.get(t) != '/') {
                    return false;
                }
            }
            // Both are at the end of a level: the filter at '/' or its end, the topic likewise.
            if (f == filter.length) {
                return t == end;
            }
            f++;
            if (t == end) {
                // "a/#" matches "a" as well.
                return f == filter.length - 1 && filter[f] == '#';
            }
            t++;
        }
        return t == end;
    }

    static boolean matches(String filter, String topic) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        return matches(filter.getBytes(StandardCharsets.UTF_8), ByteBuffer.wrap(name), 0, name.length);
    }

}
