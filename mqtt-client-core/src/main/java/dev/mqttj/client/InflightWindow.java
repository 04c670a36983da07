package dev.mqttj.client;

import dev.mqttj.packet.IdentifiedPacket;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outgoing send window of one connection: at most {@code limit} QoS 1 and 2 flows await their
 * final acknowledgement at once, the rest wait in a FIFO and go out in order as acknowledgements
 * free places. A flow holds its place from its PUBLISH (or resent PUBREL) until PUBACK or PUBCOMP.
 *
 * <p>MQTT 3.1.1 gives a broker no way to refuse a PUBLISH, so one over its own in-flight limit
 * acknowledges and drops the surplus (Mosquitto does, with 20 by default). Keeping within the limit
 * on this side is the only way not to lose them.
 *
 * <p>Threads: any thread may {@link #send}; writing happens under the window's lock, so the order of
 * the FIFO is the order on the wire. A user thread may block in the connection's back-pressure while
 * it holds that lock, so the reader thread never waits for it: it takes the lock only when it is
 * free and otherwise leaves its freed places ({@link #release}) and packets ({@link #sendFromReader})
 * to whoever holds it, who settles them before and after unlocking. The reader's hand-over queue
 * allocates a node per packet, but only while another thread holds the lock.
 */
final class InflightWindow {

    /** Writes one packet to the connection. */
    interface Sender {
        void send(IdentifiedPacket packet) throws IOException;
    }

    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNKS = 65536 >>> CHUNK_SHIFT;
    private static final int WORDS_PER_CHUNK = (1 << CHUNK_SHIFT) / 64;

    private final int limit;
    private final Sender sender;
    private final ReentrantLock lock = new ReentrantLock();
    /** Packets waiting for a place, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<IdentifiedPacket> waiting = new ArrayDeque<>(0);
    /** Places taken; guarded by {@link #lock}. */
    private int inflight;
    /**
     * One bit per packet id that holds a place, so only the acknowledgement of a written flow frees one.
     * Kept in chunks of 1,024 ids allocated on first use: a client that never published at QoS 1 or 2
     * holds none of the 8 KiB a whole bitmap would take.
     */
    private volatile AtomicReferenceArray<AtomicLongArray> holding;
    /** Places freed by the reader and not yet subtracted from {@link #inflight}. */
    private final AtomicInteger freed = new AtomicInteger();
    /** Packets the reader could not queue itself because another thread held the lock. */
    private final ConcurrentLinkedQueue<IdentifiedPacket> handedOver = new ConcurrentLinkedQueue<>();

    InflightWindow(int limit, Sender sender) {
        this.limit = limit;
        this.sender = sender;
    }

    /**
     * Writes the packet if a place is free and nothing waits, else queues it. Waits for the lock, so
     * never call it on the reader thread.
     *
     * @throws IOException if a write failed; the packet that failed stays queued
     */
    void send(IdentifiedPacket packet) throws IOException {
        lock.lock();
        try {
            admit(packet);
        } finally {
            lock.unlock();
        }
        settle();
    }

    /** Like {@link #send} but never waits for the lock: the reader thread's way in. */
    void sendFromReader(IdentifiedPacket packet) throws IOException {
        if (lock.tryLock()) {
            try {
                admit(packet);
            } finally {
                lock.unlock();
            }
        } else {
            handedOver.add(packet);
        }
        settle();
    }

    /**
     * Frees the place of a flow on its PUBACK or PUBCOMP and writes what now fits. An id that holds
     * no place (a duplicate or stray acknowledgement, or a packet still waiting) frees nothing.
     * Never waits for the lock.
     */
    void release(int id) throws IOException {
        if (unmark(id)) {
            freed.incrementAndGet();
            settle();
        }
    }

    /** Places taken, for tests. */
    int inflight() {
        lock.lock();
        try {
            return inflight - freed.get();
        } finally {
            lock.unlock();
        }
    }

    /** Packets waiting for a place, for tests. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size() + handedOver.size();
        } finally {
            lock.unlock();
        }
    }

    private void admit(IdentifiedPacket packet) throws IOException {
        pump();
        if (waiting.isEmpty() && inflight < limit) {
            write(packet);
        } else {
            waiting.addLast(packet);
        }
    }

    /**
     * Whoever unlocks checks again for work left by the reader meanwhile: the reader publishes its
     * work before trying the lock, so the last thread to unlock after that sees it.
     */
    private void settle() throws IOException {
        while ((freed.get() != 0 || !handedOver.isEmpty()) && lock.tryLock()) {
            try {
                pump();
            } finally {
                lock.unlock();
            }
        }
    }

    /** With the lock held: takes in the reader's work and writes waiting packets while places are free. */
    private void pump() throws IOException {
        assert lock.isHeldByCurrentThread() : "pump needs the window's lock";
        int released = freed.getAndSet(0);
        inflight -= released;
        IdentifiedPacket handed;
        while ((handed = handedOver.poll()) != null) {
            waiting.addLast(handed);
        }
        IdentifiedPacket next;
        while (inflight < limit && (next = waiting.pollFirst()) != null) {
            try {
                write(next);
            } catch (IOException e) {
                waiting.addFirst(next);
                throw e;
            }
        }
    }

    private void write(IdentifiedPacket packet) throws IOException {
        int id = packet.id();
        // Marked before writing: the acknowledgement may be read before the write returns.
        boolean taken = mark(id);
        if (taken) {
            inflight++;
        }
        try {
            sender.send(packet);
        } catch (IOException e) {
            if (taken && unmark(id)) {
                inflight--;
            }
            throw e;
        }
    }

    /** Marks an id as holding a place; false when it already did (the same flow written twice). */
    private boolean mark(int id) {
        AtomicLongArray chunk = chunk(id, true);
        int index = (id >>> 6) & (WORDS_PER_CHUNK - 1);
        long bit = 1L << id;
        while (true) {
            long word = chunk.get(index);
            if ((word & bit) != 0) {
                return false;
            }
            if (chunk.compareAndSet(index, word, word | bit)) {
                return true;
            }
        }
    }

    private boolean unmark(int id) {
        AtomicLongArray chunk = chunk(id, false);
        if (chunk == null) {
            return false;
        }
        int index = (id >>> 6) & (WORDS_PER_CHUNK - 1);
        long bit = 1L << id;
        while (true) {
            long word = chunk.get(index);
            if ((word & bit) == 0) {
                return false;
            }
            if (chunk.compareAndSet(index, word, word & ~bit)) {
                return true;
            }
        }
    }

    private AtomicLongArray chunk(int id, boolean create) {
        AtomicReferenceArray<AtomicLongArray> table = holding;
        if (table == null) {
            if (!create) {
                return null;
            }
            synchronized (this) {
                table = holding;
                if (table == null) {
                    table = new AtomicReferenceArray<>(CHUNKS);
                    holding = table;
                }
            }
        }
        int number = id >>> CHUNK_SHIFT;
        AtomicLongArray chunk = table.get(number);
        if (chunk == null && create) {
            table.compareAndSet(number, null, new AtomicLongArray(WORDS_PER_CHUNK));
            chunk = table.get(number);
        }
        return chunk;
    }
}
