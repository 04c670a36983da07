package dev.mqttj.transport;

import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Encodes packets from any thread into a shared buffer and writes them from one writer thread.
 *
 * <p>Senders never touch the socket: they encode under a short lock and return. The writer swaps the
 * filled buffer for an empty one and writes it in one call while senders keep appending, so every
 * socket write carries all packets that arrived during the previous write. This coalesces writes
 * without a timer, adds no latency when traffic is light and costs one wake-up per batch, not per
 * packet. While traffic flows both buffers keep their size (up to {@link #KEEP_CAPACITY}), so a
 * steady stream allocates nothing; after a second without data the writer thread ends.
 */
final class CoalescingWriter {

    /** Writes all remaining bytes of a buffer to the network. */
    interface Sink {
        void write(ByteBuffer data) throws IOException;
    }

    private static final int INITIAL_CAPACITY = 256;
    /** Above this many buffered bytes senders wait for the writer (back-pressure). */
    private static final int HIGH_WATER = 1 << 20;
    /**
     * After this long without data the writer thread ends and drops its buffers, so an idle connection
     * costs one thread (its reader) and no write buffer; the next packet starts a new writer.
     */
    private static final long IDLE_EXIT_NANOS = 1_000_000_000L;
    /** Buffers larger than this are not kept once written. */
    private static final int KEEP_CAPACITY = 256 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasData = lock.newCondition();
    private final Condition progressed = lock.newCondition();
    private final Sink sink;

    private String name = "connection";
    private Thread writer;
    private ByteBuffer filling;
    private ByteBuffer spare;
    private long appended;
    private long written;
    private boolean writerWaiting;
    private boolean closed;
    private IOException failure;
    private Thread exemptFromBackPressure;
    /** Set and cleared by the reader thread only: it owes the writer a wake-up for acknowledgements. */
    private boolean deferredWake;

    CoalescingWriter(Sink sink) {
        this.sink = sink;
    }

    void setName(String name) {
        lock.lock();
        try {
            this.name = name;
        } finally {
            lock.unlock();
        }
    }

    /** The reader thread must never wait for buffer space: the writer may be waiting for the peer,
     * and the peer for us to read. */
    void exemptFromBackPressure(Thread thread) {
        lock.lock();
        try {
            exemptFromBackPressure = thread;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks the bound and keeps nothing: the writer writes as soon as the previous write finished,
     * never later, so every bound is already met without a timer.
     */
    void setMaxWriteDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("maxWriteDelay must be zero or positive but was " + delay);
        }
    }

    void send(Packet packet) throws IOException {
        int length = PacketEncoder.encodedLength(packet);
        lock.lock();
        try {
            checkUsable();
            if (mayWait(packet) && overHighWater(length)) {
                awaitRoom(length);
            }
            ensureRoom(length);
            PacketEncoder.encode(packet, filling);
            appended += length;
            if (writer == null) {
                startWriter();
            } else if (writerWaiting) {
                if (isDeferrable(packet)) {
                    deferredWake = true;
                } else {
                    hasData.signal();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Acknowledgements the reader sends while it still has input to handle wait for the reader to
     * run out of input ({@link #wakeDeferred()}), so a batch of PUBACKs or PUBRELs costs one wake-up
     * and one write instead of one each: the same idea as flushing at the end of a read in Netty.
     */
    private boolean isDeferrable(Packet packet) {
        if (Thread.currentThread() != exemptFromBackPressure) {
            return false;
        }
        switch (packet.type()) {
            case PUBACK:
            case PUBREC:
            case PUBREL:
            case PUBCOMP:
                return true;
            default:
                return false;
        }
    }

    /** Called by the reader before it blocks for input: sends the acknowledgements it deferred. */
    void wakeDeferred() {
        if (!deferredWake) {
            return;
        }
        lock.lock();
        try {
            deferredWake = false;
            if (writerWaiting) {
                hasData.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    void flush() throws IOException {
        lock.lock();
        try {
            long target = appended;
            if (written < target && writerWaiting) {
                hasData.signal();
            }
            while (written < target) {
                checkUsable();
                progressed.awaitUninterruptibly();
            }
            checkUsable();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            hasData.signalAll();
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("connection " + name + " failed to write: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("connection " + name + " is closed");
        }
    }

    /**
     * Only packets a user thread starts wait for room. Acknowledgements and pings are tiny and must
     * go out even when the peer stopped reading, or keep-alive could never detect the stall.
     */
    private boolean mayWait(Packet packet) {
        switch (packet.type()) {
            case PUBLISH:
            case SUBSCRIBE:
            case UNSUBSCRIBE:
                return Thread.currentThread() != exemptFromBackPressure;
            default:
                return false;
        }
    }

    private boolean overHighWater(int length) {
        return filling != null && filling.position() > 0 && filling.position() + length > HIGH_WATER;
    }

    private void awaitRoom(int length) throws IOException {
        while (overHighWater(length)) {
            checkUsable();
            progressed.awaitUninterruptibly();
        }
    }

    private void ensureRoom(int length) {
        if (filling == null) {
            filling = ByteBuffer.allocate(Math.max(INITIAL_CAPACITY, length));
            return;
        }
        if (filling.remaining() >= length) {
            return;
        }
        int needed = filling.position() + length;
        int capacity = filling.capacity();
        while (capacity < needed) {
            capacity = capacity > Integer.MAX_VALUE / 2 ? needed : capacity * 2;
        }
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        filling.flip();
        larger.put(filling);
        filling = larger;
    }

    private void startWriter() {
        writer = new Thread(this::writeLoop, "mqtt-" + name + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void writeLoop() {
        try {
            while (true) {
                ByteBuffer batch;
                lock.lock();
                try {
                    long idleSince = System.nanoTime();
                    while (!closed && (filling == null || filling.position() == 0)) {
                        long idleLeft = IDLE_EXIT_NANOS - (System.nanoTime() - idleSince);
                        if (idleLeft <= 0) {
                            retireIdleWriter();
                            return;
                        }
                        writerWaiting = true;
                        try {
                            hasData.awaitNanos(idleLeft);
                        } catch (InterruptedException e) {
                            // Only close() ends the writer; an interrupt from elsewhere is not a reason to lose data.
                        } finally {
                            writerWaiting = false;
                        }
                    }
                    if (closed) {
                        return;
                    }
                    batch = filling;
                    filling = spare;
                    spare = null;
                } finally {
                    lock.unlock();
                }
                batch.flip();
                int size = batch.remaining();
                sink.write(batch);
                batch.clear();
                lock.lock();
                try {
                    written += size;
                    if (batch.capacity() <= KEEP_CAPACITY) {
                        spare = batch;
                    }
                    progressed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            lock.lock();
            try {
                if (!closed) {
                    failure = e;
                }
                progressed.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            lock.lock();
            try {
                failure = new IOException("writer failed", e);
                progressed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Called with the lock held and nothing buffered: the next {@link #send} starts a new writer. */
    private void retireIdleWriter() {
        writer = null;
        spare = null;
        filling = null;
    }

    /** Whether the writer thread is parked waiting for data; lets tests line up a batch. */
    boolean writerIsWaiting() {
        lock.lock();
        try {
            return writerWaiting;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the writer thread has exited; used by tests to prove close leaves no thread behind. */
    boolean writerAlive() {
        Thread t;
        lock.lock();
        try {
            t = writer;
        } finally {
            lock.unlock();
        }
        return t != null && t.isAlive();
    }
}
