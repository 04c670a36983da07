package dev.mqttj.client;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread shared by all clients and services for keep-alive checks and reconnect delays.
 * A per-client timer would cost a thread per idle connection; this one thread only decides and
 * enqueues (it never blocks on a socket), and it ends itself after a second without work.
 */
final class Timers {

    private static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private Timers() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "mqttj-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(1, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return EXECUTOR.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
}
