package dev.mqttj.benchmarks.spring;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time and allocation of one MQTT client's threads ({@code mqtt-<client id>-reader}, {@code -writer},
 * {@code -service}), so that two clients in one JVM are measured apart while they process the same stream.
 * GC work runs on other threads and is not counted; the allocation shows what it would have to collect.
 */
final class ClientThreads {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String prefix;

    ClientThreads(String clientId) {
        this.prefix = "mqtt-" + clientId + "-";
    }

    /** What the client's threads have used so far, by thread id. */
    Snapshot snapshot() {
        Map<Long, long[]> usage = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long id = info.getThreadId();
                long cpu = THREADS.getThreadCpuTime(id);
                long bytes = THREADS.getThreadAllocatedBytes(id);
                if (cpu >= 0 && bytes >= 0) {
                    usage.put(id, new long[] {cpu, bytes});
                }
            }
        }
        return new Snapshot(usage);
    }

    /** The usage of the client's threads at one moment. */
    record Snapshot(Map<Long, long[]> usage) {

        /**
         * CPU nanoseconds and allocated bytes since {@code before}; a thread started since counts from zero.
         * A thread that ended in between (the writer ends after a second without data) takes its usage
         * along, so that is reported as an error rather than silently undercounted.
         */
        long[] since(Snapshot before) {
            for (Long id : before.usage.keySet()) {
                if (!usage.containsKey(id)) {
                    throw new IllegalStateException("a client thread ended during the measurement");
                }
            }
            long cpu = 0;
            long bytes = 0;
            for (Map.Entry<Long, long[]> entry : usage.entrySet()) {
                long[] start = before.usage.getOrDefault(entry.getKey(), new long[2]);
                cpu += entry.getValue()[0] - start[0];
                bytes += entry.getValue()[1] - start[1];
            }
            return new long[] {cpu, bytes};
        }
    }
}
