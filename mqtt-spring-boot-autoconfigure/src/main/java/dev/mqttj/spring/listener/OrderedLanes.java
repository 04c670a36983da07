package dev.mqttj.spring.listener;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of worker threads, each with a bounded queue; a task goes to the lane its topic hashes to, so
 * the tasks of one topic run one after the other in submission order, and a full lane blocks the submitter
 * (back-pressure on the connection's reader thread) instead of growing without bound.
 */
final class OrderedLanes {

    /** How many messages wait per lane before the reader thread waits. */
    static final int LANE_CAPACITY = 64;

    private static final Runnable STOP = () -> {
    };

    private final BlockingQueue<Runnable>[] queues;
    private final Thread[] threads;

    @SuppressWarnings("unchecked")
    OrderedLanes(int count, ThreadFactory threadFactory) {
        queues = new BlockingQueue[count];
        threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(LANE_CAPACITY);
            queues[i] = queue;
            threads[i] = threadFactory.newThread(() -> drain(queue));
        }
        for (Thread thread : threads) {
            thread.start();
        }
    }

    private static void drain(BlockingQueue<Runnable> queue) {
        try {
            for (Runnable task = queue.take(); task != STOP; task = queue.take()) {
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues a task on the topic's lane, waiting while the lane is full.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void submit(String topic, Runnable task) throws InterruptedException {
        queues[Math.floorMod(topic.hashCode(), queues.length)].put(task);
    }

    /**
     * Lets every lane finish its queued tasks, then ends the threads; waits for them up to the timeout. Tasks
     * still queued when the timeout is over are dropped (their messages stay unacknowledged), so that stopping
     * never takes longer than the timeout, however slow the listener and however full its lanes.
     */
    void shutdown(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (BlockingQueue<Runnable> queue : queues) {
            try {
                // A full lane of a slow listener takes its capacity times the listener's time to make room.
                if (!queue.offer(STOP, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    dropQueuedAndStop(queue);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Empties a lane and queues its stop; the task its thread runs now is the last one. */
    private static void dropQueuedAndStop(BlockingQueue<Runnable> queue) {
        // The reader thread may put one more task after the clear (it was waiting for room when the listener
        // stopped); clearing again makes room for the stop all the same.
        do {
            queue.clear();
        } while (!queue.offer(STOP));
    }

    /** Returns how many tasks wait in all lanes. */
    int queued() {
        int queued = 0;
        for (BlockingQueue<Runnable> queue : queues) {
            queued += queue.size();
        }
        return queued;
    }
}
