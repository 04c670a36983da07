package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LevelTableTest {

    /** Grows past the packed size and through several bucket resizes, then shrinks back, checked against a map. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42})
    void behavesLikeAMapThroughGrowthAndShrinking(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, TopicNode<String>> expected = new HashMap<>();
        LevelTable<String> table = LevelTable.empty();
        for (int step = 0; step < 6_000; step++) {
            // Grow for the first half, shrink in the second.
            boolean add = random.nextInt(10) < (step < 3_000 ? 8 : 2);
            String key = "k" + random.nextInt(2_000) + (random.nextBoolean() ? "é" : "");
            // A distinct node per change, so that a lookup returning a stale or wrong node is caught.
            TopicNode<String> node = add ? TopicNode.<String>empty().withSingleLevel(TopicNode.empty()) : null;
            table = table.with(key, node);
            if (add) {
                expected.put(key, node);
            } else {
                expected.remove(key);
            }
            assertThat(table.size()).as("seed %d, step %d", seed, step).isEqualTo(expected.size());
            String probe = "k" + random.nextInt(2_000) + (random.nextBoolean() ? "é" : "");
            String topic = "x/" + probe + "/y";
            assertThat(table.get(topic, 2, 2 + probe.length()))
                    .as("seed %d, step %d: node for %s", seed, step, probe)
                    .isSameAs(expected.get(probe));
        }
        Map<String, TopicNode<String>> seen = new HashMap<>();
        table.forEach(seen::put);
        assertThat(seen).as("seed %d", seed).isEqualTo(expected);
    }
}
