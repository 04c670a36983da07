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
import java.util.ArrayDeque;
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
 * {@code @@ready <port>}, answers the command {@code cpu} with {@code @@cpu <nanoseconds>} (the CPU
 * time of its thread so far) and stops when standard input ends or reads {@code quit}.
 */
public final class SinkBroker implements AutoCloseable {

    static final String READY = "@@ready";
    static final String CPU = "@@cpu";

    /** Identifiers in use toward one subscriber; more deliveries wait until one is released. */
    static final int MAX_OUTBOUND_IN_FLIGHT = 65_535;

    private static final int INITIAL_BUFFER = 256 * 1024;

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBREC = 5;
    private static final int PUBREL = 6;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int PINGREQ = 12;
    private static final int DISCONNECT = 14;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Connection> dirty = new ArrayList<>();
    private volatile boolean closing;

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
    static SinkBroker start(int port) throws IOException {
        SinkBroker broker = new SinkBroker(port);
        broker.thread.start();
        return broker;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /**
     * The CPU time of the broker's thread so far. The broker does all its work on that one thread,
     * so this over a run's time is how close the broker came to being the bottleneck.
     */
    long busyNanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
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
                if (line.trim().equals("cpu")) {
                    System.out.println(CPU + " " + broker.busyNanos());
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
                    Connection connection = (Connection) key.attachment();
                    if (key.isReadable()) {
                        connection.read();
                    }
                    if (key.isValid() && key.isWritable()) {
                        connection.flush();
                    }
                }
                selector.selectedKeys().clear();
                // Everything this pass produced goes out with one write per connection.
                for (int i = 0; i < dirty.size(); i++) {
                    Connection connection = dirty.get(i);
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
            Connection connection = new Connection(channel);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        }
    }

    /** A subscription of one connection; the filter stays in UTF-8 bytes to match without decoding. */
    private record Subscription(Connection connection, byte[] filter, int qos) {
    }

    /** A delivery that waits for a free packet identifier; the identifier goes at {@code idOffset}. */
    private record Waiting(byte[] packet, int idOffset) {
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

    /** One client connection: its input and output buffers and its packet identifiers. */
    private final class Connection {

        final SocketChannel channel;
        SelectionKey key;
        /** Write mode: received bytes not yet handled are at [0, position). */
        ByteBuffer in = ByteBuffer.allocateDirect(INITIAL_BUFFER);
        /** Write mode: bytes to send are at [0, position). */
        ByteBuffer out = ByteBuffer.allocateDirect(INITIAL_BUFFER);
        boolean open = true;
        boolean queued;
        boolean awaitingWritable;
        /** QoS 2 identifiers received and not yet released, so a resent PUBLISH is not routed twice. */
        final long[] receivedQos2 = new long[1024];
        /** Identifiers of deliveries to this client that it has not yet completed. */
        final long[] outbound = new long[1024];
        int outboundInFlight;
        int nextId = 1;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            int read;
            try {
                read = channel.read(in);
            } catch (IOException e) {
                close();
                return;
            }
            if (read < 0) {
                close();
                return;
            }
            in.flip();
            int needed;
            try {
                needed = handleComplete();
            } catch (RuntimeException malformed) {
                // A length field that points past its packet: drop the client, keep the broker.
                System.err.println("[sink] closing a connection after a malformed packet: " + malformed);
                close();
                return;
            }
            if (!open) {
                return;
            }
            in.compact();
            if (needed > in.capacity()) {
                in = grow(in, needed);
            }
        }

        /**
         * Handles every complete packet in the input buffer (read mode) and leaves its position at the
         * first incomplete one.
         *
         * @return the size of that incomplete packet if known, else 0
         */
        private int handleComplete() {
            while (open) {
                int start = in.position();
                int limit = in.limit();
                if (limit - start < 2) {
                    return 0;
                }
                int remaining = 0;
                int position = start + 1;
                int digits = 0;
                boolean lengthComplete = false;
                while (position < limit && digits < 4) {
                    int digit = in.get(position++);
                    remaining |= (digit & 0x7F) << (7 * digits++);
                    if ((digit & 0x80) == 0) {
                        lengthComplete = true;
                        break;
                    }
                }
                if (!lengthComplete) {
                    if (digits == 4) {
                        close();
                    }
                    return 0;
                }
                int end = position + remaining;
                if (end > limit) {
                    return end - start;
                }
                handle(in.get(start) & 0xFF, position, end);
                in.position(end);
            }
            return 0;
        }

        private void handle(int header, int body, int end) {
            int type = header >>> 4;
            if (type >= PUBACK && type <= PUBCOMP && end - body < 2) {
                close();
                return;
            }
            switch (type) {
                case CONNECT:
                    reply(0x20, 0x02, 0, 0);
                    break;
                case PUBLISH:
                    publish(header, body, end);
                    break;
                case PUBACK:
                case PUBCOMP:
                    release(in.getShort(body) & 0xFFFF);
                    break;
                case PUBREC:
                    reply(0x62, 0x02, in.get(body), in.get(body + 1));
                    break;
                case PUBREL:
                    clear(receivedQos2, in.getShort(body) & 0xFFFF);
                    reply(0x70, 0x02, in.get(body), in.get(body + 1));
                    break;
                case SUBSCRIBE:
                    subscribe(body, end);
                    break;
                case UNSUBSCRIBE:
                    unsubscribe(body, end);
                    break;
                case PINGREQ:
                    reply(0xD0, 0x00);
                    break;
                case DISCONNECT:
                default:
                    close();
                    break;
            }
        }

        private void publish(int header, int body, int end) {
            int qos = (header >>> 1) & 3;
            if (qos == 3) {
                close();
                return;
            }
            int topicLength = in.getShort(body) & 0xFFFF;
            int topicStart = body + 2;
            int payloadStart = topicStart + topicLength + (qos > 0 ? 2 : 0);
            if (payloadStart > end) {
                close();
                return;
            }
            int id = qos > 0 ? in.getShort(topicStart + topicLength) & 0xFFFF : 0;
            boolean route = true;
            if (qos == 2) {
                route = !isSet(receivedQos2, id);
                set(receivedQos2, id);
            }
            if (route) {
                for (int i = 0; i < subscriptions.size(); i++) {
                    Subscription subscription = subscriptions.get(i);
                    if (matches(subscription.filter(), in, topicStart, topicLength)) {
                        subscription.connection().deliver(in, topicStart, topicLength, payloadStart, end,
                                Math.min(qos, subscription.qos()));
                    }
                }
            }
            if (qos == 1) {
                reply(0x40, 0x02, id >>> 8, id);
            } else if (qos == 2) {
                reply(0x50, 0x02, id >>> 8, id);
            }
        }

        private void subscribe(int body, int end) {
            int id = in.getShort(body) & 0xFFFF;
            List<Integer> granted = new ArrayList<>();
            int position = body + 2;
            while (position + 2 < end) {
                int length = in.getShort(position) & 0xFFFF;
                byte[] filter = new byte[length];
                in.get(position + 2, filter);
                int qos = in.get(position + 2 + length) & 0xFF;
                position += 3 + length;
                if (qos > 2) {
                    granted.add(0x80);
                    continue;
                }
                removeSubscription(filter);
                subscriptions.add(new Subscription(this, filter, qos));
                granted.add(qos);
            }
            ensure(4 + granted.size());
            out.put((byte) 0x90).put((byte) (2 + granted.size())).putShort((short) id);
            for (int qos : granted) {
                out.put((byte) qos);
            }
            markDirty();
        }

        private void unsubscribe(int body, int end) {
            int id = in.getShort(body) & 0xFFFF;
            int position = body + 2;
            while (position + 2 <= end) {
                int length = in.getShort(position) & 0xFFFF;
                byte[] filter = new byte[length];
                in.get(position + 2, filter);
                position += 2 + length;
                removeSubscription(filter);
            }
            reply(0xB0, 0x02, id >>> 8, id);
        }

        private void removeSubscription(byte[] filter) {
            subscriptions.removeIf(s -> s.connection() == this && java.util.Arrays.equals(s.filter(), filter));
        }

        /** Queues a PUBLISH to this client, copying topic and payload from another connection's input. */
        void deliver(ByteBuffer source, int topicStart, int topicLength, int payloadStart, int payloadEnd, int qos) {
            int payloadLength = payloadEnd - payloadStart;
            int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
            if (qos > 0 && (outboundInFlight >= MAX_OUTBOUND_IN_FLIGHT || !waiting.isEmpty())) {
                ByteBuffer packet = ByteBuffer.allocate(5 + remaining);
                int idOffset = encodePublish(packet, source, topicStart, topicLength, payloadStart, payloadLength,
                        qos, remaining, 0);
                waiting.add(new Waiting(java.util.Arrays.copyOf(packet.array(), packet.position()), idOffset));
                return;
            }
            ensure(5 + remaining);
            encodePublish(out, source, topicStart, topicLength, payloadStart, payloadLength, qos, remaining,
                    qos > 0 ? allocateId() : 0);
            markDirty();
        }

        private int encodePublish(ByteBuffer target, ByteBuffer source, int topicStart, int topicLength,
                                  int payloadStart, int payloadLength, int qos, int remaining, int id) {
            target.put((byte) (0x30 | qos << 1));
            for (int left = remaining; ; ) {
                int digit = left & 0x7F;
                left >>>= 7;
                if (left == 0) {
                    target.put((byte) digit);
                    break;
                }
                target.put((byte) (digit | 0x80));
            }
            target.putShort((short) topicLength);
            target.put(target.position(), source, topicStart, topicLength);
            target.position(target.position() + topicLength);
            int idOffset = target.position();
            if (qos > 0) {
                target.putShort((short) id);
            }
            target.put(target.position(), source, payloadStart, payloadLength);
            target.position(target.position() + payloadLength);
            return idOffset;
        }

        private int allocateId() {
            while (isSet(outbound, nextId)) {
                nextId = nextId == 0xFFFF ? 1 : nextId + 1;
            }
            int id = nextId;
            nextId = nextId == 0xFFFF ? 1 : nextId + 1;
            set(outbound, id);
            outboundInFlight++;
            return id;
        }

        private void release(int id) {
            if (!isSet(outbound, id)) {
                return;
            }
            clear(outbound, id);
            outboundInFlight--;
            while (!waiting.isEmpty() && outboundInFlight < MAX_OUTBOUND_IN_FLIGHT) {
                Waiting next = waiting.poll();
                ensure(next.packet().length);
                int start = out.position();
                out.put(next.packet());
                out.putShort(start + next.idOffset(), (short) allocateId());
                markDirty();
            }
        }

        private void reply(int... bytes) {
            ensure(bytes.length);
            for (int b : bytes) {
                out.put((byte) b);
            }
            markDirty();
        }

        private void ensure(int bytes) {
            if (out.remaining() < bytes) {
                out = grow(out, out.position() + bytes);
            }
        }

        private void markDirty() {
            if (!queued) {
                queued = true;
                dirty.add(this);
            }
        }

        void flush() {
            if (!open) {
                return;
            }
            out.flip();
            try {
                channel.write(out);
            } catch (IOException e) {
                close();
                return;
            }
            out.compact();
            boolean pending = out.position() > 0;
            if (pending != awaitingWritable) {
                awaitingWritable = pending;
                key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        }

        void close() {
            if (!open) {
                return;
            }
            open = false;
            subscriptions.removeIf(s -> s.connection() == this);
            waiting.clear();
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // Gone either way.
            }
        }
    }

    /** A larger direct buffer with the same content, in write mode. */
    private static ByteBuffer grow(ByteBuffer buffer, int needed) {
        int capacity = buffer.capacity();
        while (capacity < needed) {
            capacity *= 2;
        }
        ByteBuffer larger = ByteBuffer.allocateDirect(capacity);
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    private static boolean isSet(long[] bits, int id) {
        return (bits[id >>> 6] & (1L << id)) != 0;
    }

    private static void set(long[] bits, int id) {
        bits[id >>> 6] |= 1L << id;
    }

    private static void clear(long[] bits, int id) {
        bits[id >>> 6] &= ~(1L << id);
    }
}
