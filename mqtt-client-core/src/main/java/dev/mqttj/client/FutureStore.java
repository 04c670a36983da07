package dev.mqttj.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The futures of operations in flight, by packet id. A client owns one; a service shares one across
 * its successive clients and protects it, so futures outlive the connection that sent their packet
 * and complete when the resent packet is acknowledged on the next connection.
 *
 * <p>Keys are packet ids (1..65535) in an open-addressing table: no boxing, no entry objects.
 */
final class FutureStore {

    private static final int INITIAL_CAPACITY = 16;

    private int[] ids = new int[INITIAL_CAPACITY];
    private MqttFuture[] futures = new MqttFuture[INITIAL_CAPACITY];
    private int size;
    private boolean protectedFromClear;
    private boolean closed;

    synchronized void protect(boolean value) {
        protectedFromClear = value;
    }

    /** Reopens a store that a stop cleared, so a restarted service can use it again. */
    synchronized void reopen() {
        closed = false;
    }

    /**
     * Adds a future, replacing any other future under the same id.
     *
     * @return false when the store was closed in the meantime: the caller must cancel the future,
     *     so nobody waits on a future that no acknowledgement will complete
     */
    synchronized boolean put(int id, MqttFuture future) {
        if (closed) {
            return false;
        }
        insert(id, future);
        return true;
    }

    synchronized MqttFuture get(int id) {
        int slot = find(id);
        return slot < 0 ? null : futures[slot];
    }

    /** Removes the future only when it is the given one (a newer future may have replaced it). */
    synchronized boolean remove(int id, MqttFuture expected) {
        int slot = find(id);
        if (slot < 0 || futures[slot] != expected) {
            return false;
        }
        deleteSlot(slot);
        if (size == 0) {
            notifyAll();
        }
        return true;
    }

    synchronized int size() {
        return size;
    }

    /** Waits until every future has completed or was removed, or the timeout passed. */
    synchronized void awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (size > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
        }
    }

    /**
     * Cancels and drops every future, unless the store is protected. Cancels outside the lock so
     * listeners of the futures cannot deadlock against the store.
     */
    void clear(Throwable reason) {
        List<MqttFuture> canceled;
        synchronized (this) {
            if (protectedFromClear) {
                return;
            }
            canceled = drain();
        }
        for (MqttFuture future : canceled) {
            future.cancel(reason);
        }
    }

    /** Cancels everything and refuses later additions, protected or not. */
    void close(Throwable reason) {
        List<MqttFuture> canceled;
        synchronized (this) {
            closed = true;
            canceled = drain();
        }
        for (MqttFuture future : canceled) {
            future.cancel(reason);
        }
    }

    private List<MqttFuture> drain() {
        List<MqttFuture> all = new ArrayList<>(size);
        for (int i = 0; i < futures.length; i++) {
            if (futures[i] != null) {
                all.add(futures[i]);
                futures[i] = null;
                ids[i] = 0;
            }
        }
        size = 0;
        notifyAll();
        return all;
    }

    private int find(int id) {
        int mask = ids.length - 1;
        for (int slot = mix(id) & mask; ; slot = (slot + 1) & mask) {
            int key = ids[slot];
            if (key == id) {
                return slot;
            }
            if (key == 0) {
                return -1;
            }
        }
    }

    private void insert(int id, MqttFuture future) {
        int existing = find(id);
        if (existing >= 0) {
            futures[existing] = future;
            return;
        }
        if ((size + 1) * 2 > ids.length) {
            grow();
        }
        int mask = ids.length - 1;
        int slot = mix(id) & mask;
        while (ids[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        ids[slot] = id;
        futures[slot] = future;
        size++;
    }

    /** Backward-shift deletion keeps probe chains intact without tombstones. */
    private void deleteSlot(int slot) {
        int mask = ids.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (ids[next] != 0) {
            int home = mix(ids[next]) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                ids[hole] = ids[next];
                futures[hole] = futures[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        ids[hole] = 0;
        futures[hole] = null;
        size--;
    }

    private void grow() {
        int[] oldIds = ids;
        MqttFuture[] oldFutures = futures;
        ids = new int[oldIds.length * 2];
        futures = new MqttFuture[oldIds.length * 2];
        size = 0;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != 0) {
                insert(oldIds[i], oldFutures[i]);
            }
        }
    }

    private static int mix(int id) {
        return id * 0x9E3779B1 >>> 16 ^ id;
    }
}
