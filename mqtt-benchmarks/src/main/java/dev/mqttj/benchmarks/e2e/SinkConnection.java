package dev.mqttj.benchmarks.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One client connection of a {@link SinkBroker}: its input and output buffers, the packets it
 * handles and the packet identifiers of deliveries to it. Used only by the broker's one thread.
 */
final class SinkConnection {

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

    /** A delivery that waits for a free packet identifier; the identifier goes at {@code idOffset}. */
    private record Waiting(byte[] packet, int idOffset) {
    }

    private final SinkBroker broker;
    private final SocketChannel channel;
    /** Write mode: received bytes not yet handled are at [0, position). */
    private ByteBuffer in = ByteBuffer.allocateDirect(INITIAL_BUFFER);
    /** Write mode: bytes to send are at [0, position). */
    private ByteBuffer out = ByteBuffer.allocateDirect(INITIAL_BUFFER);
    /** QoS 2 identifiers received and not yet released, so a resent PUBLISH is not routed twice. */
    private final long[] receivedQos2 = new long[1024];
    /** Identifiers of deliveries to this client that it has not yet completed. */
    private final long[] outbound = new long[1024];
    private int outboundInFlight;
    private int nextId = 1;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    SelectionKey key;
    boolean open = true;
    /** In the broker's list of connections to flush at the end of the current pass. */
    boolean queued;
    /** Output is left that the socket did not take; the selector says when it can take more. */
    boolean awaitingWritable;

    SinkConnection(SinkBroker broker, SocketChannel channel) {
        this.broker = broker;
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
        broker.publishes++;
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
            for (int i = 0; i < broker.subscriptions.size(); i++) {
                SinkBroker.Subscription subscription = broker.subscriptions.get(i);
                if (SinkBroker.matches(subscription.filter(), in, topicStart, topicLength)) {
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
            broker.subscriptions.add(new SinkBroker.Subscription(this, filter, qos));
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
        broker.subscriptions.removeIf(s -> s.connection() == this && Arrays.equals(s.filter(), filter));
    }

    /** Queues a PUBLISH to this client, copying topic and payload from another connection's input. */
    void deliver(ByteBuffer source, int topicStart, int topicLength, int payloadStart, int payloadEnd, int qos) {
        int payloadLength = payloadEnd - payloadStart;
        int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
        if (qos > 0 && (outboundInFlight >= SinkBroker.MAX_OUTBOUND_IN_FLIGHT || !waiting.isEmpty())) {
            ByteBuffer packet = ByteBuffer.allocate(5 + remaining);
            int idOffset = encodePublish(packet, source, topicStart, topicLength, payloadStart, payloadLength,
                    qos, remaining, 0);
            waiting.add(new Waiting(Arrays.copyOf(packet.array(), packet.position()), idOffset));
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
        while (!waiting.isEmpty() && outboundInFlight < SinkBroker.MAX_OUTBOUND_IN_FLIGHT) {
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
            broker.dirty.add(this);
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
        broker.subscriptions.removeIf(s -> s.connection() == this);
        waiting.clear();
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Gone either way.
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
