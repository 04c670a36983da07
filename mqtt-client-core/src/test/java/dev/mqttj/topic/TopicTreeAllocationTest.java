package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Matching runs for every received message, so it must not allocate; this counts the bytes it allocates. */
class TopicTreeAllocationTest {

    private static final int CALLS = 100_000;

    private long matched;

    @Test
    void forEachMatchAndMatchesDoNotAllocate() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "HotSpot thread allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        TopicTree<String> tree = new TopicTree<>();
        for (int i = 0; i < 100; i++) {
            tree.add("sensors/" + i + "/temp", "exact" + i);
            tree.add("fleet/" + i + "/#", "fleet" + i);
        }
        tree.add("sensors/+/temp", "any-temp");
        tree.add("#", "all");
        String[] topics = {"sensors/42/temp", "fleet/7/truck/speed", "nothing/here", "$SYS/uptime"};
        Consumer<String> count = value -> matched++;

        for (int i = 0; i < CALLS; i++) {
            run(tree, topics, count);
        }
        long before = counter.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            run(tree, topics, count);
        }
        long allocated = counter.getCurrentThreadAllocatedBytes() - before;

        assertThat(matched).isEqualTo(2L * CALLS * (3 + 2 + 1 + 0));
        // Any allocation per call would add up to at least 16 bytes times CALLS.
        assertThat(allocated).as("bytes allocated by %d rounds of matching", CALLS).isLessThan(CALLS);
    }

    private static void run(TopicTree<String> tree, String[] topics, Consumer<String> count) {
        for (String topic : topics) {
            tree.forEachMatch(topic, count);
            if (!Topics.matches("sensors/+/temp", topic) && Topics.matches("#", topic) == topic.startsWith("$")) {
                throw new AssertionError(topic);
            }
        }
    }
}
