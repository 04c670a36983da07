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

    /** Lets every lane finish its queued tasks, then ends the threads; waits for them up to the timeout. */
    void shutdown(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (BlockingQueue<Runnable> queue : queues) {
            try {
                queue.put(STOP);
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

    /** Returns how many tasks wait in all lanes. */
    int queued() {
        int queued = 0;
        for (BlockingQueue<Runnable> queue : queues) {
            queued += queue.size();
        }
        return queued;
    }
}
