package dev.mqttj.client;

import dev.mqttj.internal.IdTable;
import java.time.Duration;
import java.util.List;

/**
 * The futures of operations in flight, by packet id. A client owns one; a service shares one across
 * its successive clients and protects it, so futures outlive the connection that sent their packet
 * and complete when the resent packet is acknowledged on the next connection.
 *
 * <p>Keys are packet ids in an {@link IdTable}: no boxing, no entry objects.
 */
final class FutureStore {

    private final IdTable<MqttFuture<?>> futures = new IdTable<>();
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
    synchronized boolean put(int id, MqttFuture<?> future) {
        if (closed) {
            return false;
        }
        futures.put(id, future);
        return true;
    }

    synchronized MqttFuture<?> get(int id) {
        return futures.get(id);
    }

    /** Removes the future only when it is the given one (a newer future may have replaced it). */
    synchronized boolean remove(int id, MqttFuture<?> expected) {
        if (expected == null || futures.get(id) != expected) {
            return false;
        }
        futures.remove(id);
        if (futures.isEmpty()) {
            notifyAll();
        }
        return true;
    }

    synchronized int size() {
        return futures.size();
    }

    /** Waits until every future has completed or was removed, or the timeout passed. */
    synchronized void awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!futures.isEmpty()) {
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
        List<MqttFuture<?>> canceled;
        synchronized (this) {
            if (protectedFromClear) {
                return;
            }
            canceled = drain();
        }
        for (MqttFuture<?> future : canceled) {
            future.cancel(reason);
        }
    }

    /** Cancels everything and refuses later additions, protected or not. */
    void close(Throwable reason) {
        List<MqttFuture<?>> canceled;
        synchronized (this) {
            closed = true;
            canceled = drain();
        }
        for (MqttFuture<?> future : canceled) {
            future.cancel(reason);
        }
    }

    private List<MqttFuture<?>> drain() {
        List<MqttFuture<?>> all = futures.drain();
        notifyAll();
        return all;
    }
}
