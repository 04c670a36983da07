package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicTreeConcurrencyTest {

    private static final int READERS = 3;
    private static final int WRITES = 20_000;

    private final ExecutorService executor = Executors.newFixedThreadPool(READERS + 1);

    @AfterEach
    void stopThreads() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Readers must always see the filters that are never removed, see the values of an append-only filter as a
     * growing prefix of the order they were added in (each read is one snapshot), and never see a value that no
     * matching filter ever held.
     */
    @Test
    void readersSeeConsistentSnapshotsWhileAWriterChangesTheTree() throws Exception {
        TopicTree<String> tree = new TopicTree<>();
        tree.add("stable/+", "stable-plus");
        tree.add("stable/#", "stable-hash");
        tree.add("stable/x", "stable-exact");
        AtomicBoolean writing = new AtomicBoolean(true);

        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(executor.submit(() -> read(tree, writing)));
        }
        Future<?> writer = executor.submit(() -> {
            try {
                for (int i = 0; i < WRITES; i++) {
                    tree.add("append/+", "m" + i / 4 + "-" + i % 4);
                    String churn = (i % 3 == 0 ? "stable/" : "churn/") + (i % 97) + "/+";
                    tree.add(churn, "churn");
                    if (i % 2 == 1) {
                        tree.removeAll(churn);
                        tree.remove("stable/" + (i % 89), "churn");
                    }
                    if (i % 4 == 3) {
                        tree.removeAll("append/+");
                    }
                }
            } finally {
                writing.set(false);
            }
        });

        writer.get(60, TimeUnit.SECONDS);
        for (Future<Integer> reader : readers) {
            assertThat(reader.get(60, TimeUnit.SECONDS)).as("matches done by a reader").isPositive();
        }
        assertThat(tree.match("stable/x")).containsExactlyInAnyOrder("stable-plus", "stable-hash", "stable-exact");
    }

    /** Returns how many times it matched; fails by throwing an AssertionError. */
    private static int read(TopicTree<String> tree, AtomicBoolean writing) {
        List<String> seen = new ArrayList<>();
        int reads = 0;
        do {
            seen.clear();
            tree.forEachMatch("stable/x", seen::add);
            assertThat(seen).contains("stable-plus", "stable-hash", "stable-exact")
                    .allMatch(v -> v.startsWith("stable-") || v.equals("churn"));

            seen.clear();
            tree.forEachMatch("append/x", seen::add);
            if (!seen.isEmpty()) {
                // All values of one round ("m<round>-0".."m<round>-3") are added in order, then removed together.
                String round = seen.get(0).substring(0, seen.get(0).indexOf('-'));
                assertThat(seen).hasSizeLessThanOrEqualTo(4);
                for (int k = 0; k < seen.size(); k++) {
                    assertThat(seen.get(k)).as("value %d of %s", k, seen).isEqualTo(round + "-" + k);
                }
            }

            seen.clear();
            tree.forEachMatch("churn/5/x", seen::add);
            assertThat(seen).hasSizeLessThanOrEqualTo(1).allMatch("churn"::equals);
            reads++;
        } while (writing.get() || reads < 100);
        return reads;
    }
}
