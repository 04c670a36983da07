package dev.mqttj.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link TopicTree} with a brute-force scan through {@link Topics#matches}, and {@link Topics#matches}
 * with a split-based reading of the specification, over random filters and topics. Fixed seeds keep the
 * build reproducible; one fresh seed per run widens the search. Every failure message names its seed.
 */
class TopicTreePropertyTest {

    private static final String[] LEVELS = {"a", "b", "c", "", "ab", "é", "$x", "😀"};

    static Stream<Long> seeds() {
        return Stream.concat(LongStream.rangeClosed(1, 20).boxed(), Stream.of(System.nanoTime()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void treeMatchesLikeBruteForce(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TopicTree<String> tree = new TopicTree<>();
        List<String[]> pairs = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            if (pairs.isEmpty() || random.nextInt(4) != 0) {
                String filter = randomValidFilter(random);
                String value = "v" + random.nextInt(3);
                boolean fresh = pairs.stream().noneMatch(p -> p[0].equals(filter) && p[1].equals(value));
                tree.add(filter, value);
                if (fresh) {
                    pairs.add(new String[] {filter, value});
                }
            } else {
                String[] pair = pairs.remove(random.nextInt(pairs.size()));
                assertThat(tree.remove(pair[0], pair[1])).as("seed %d: remove %s=%s", seed, pair[0], pair[1]).isTrue();
            }
            assertThat(tree.size()).as("seed %d: size after step %d", seed, step).isEqualTo(pairs.size());
            for (int t = 0; t < 5; t++) {
                String topic = randomTopic(random);
                List<String> actual = new ArrayList<>();
                tree.forEachMatch(topic, value -> actual.add(value));
                List<String> expected = new ArrayList<>();
                for (String[] pair : pairs) {
                    if (Topics.matches(pair[0], topic)) {
                        expected.add(pair[1]);
                    }
                }
                assertThat(actual).as("seed %d, step %d: topic '%s' in %s", seed, step, topic, tree)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchesAgreesWithTheSpecificationReadLevelByLevel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            String filter = randomFilter(random);
            String topic = randomTopic(random);
            assertThat(Topics.matches(filter, topic))
                    .as("seed %d: '%s' matches '%s'", seed, filter, topic)
                    .isEqualTo(referenceMatches(filter, topic));
        }
    }

    /** A random filter, valid or not: the tree only gets the valid ones, the matcher gets all. */
    private static String randomFilter(SplittableRandom random) {
        StringBuilder filter = new StringBuilder();
        if (random.nextInt(8) == 0) {
            filter.append("$share/g").append(random.nextInt(2)).append('/');
        }
        int levels = 1 + random.nextInt(4);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                filter.append('/');
            }
            boolean last = i == levels - 1;
            int kind = random.nextInt(last ? 5 : 4);
            filter.append(kind == 0 ? "+" : kind == 4 ? "#" : LEVELS[random.nextInt(LEVELS.length)]);
        }
        return filter.toString();
    }

    private static String randomValidFilter(SplittableRandom random) {
        String filter;
        do {
            filter = randomFilter(random);
        } while (!Topics.isValidFilter(filter));
        return filter;
    }

    private static String randomTopic(SplittableRandom random) {
        int levels = 1 + random.nextInt(5);
        StringBuilder topic = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                topic.append('/');
            }
            topic.append(LEVELS[random.nextInt(LEVELS.length)]);
        }
        return topic.toString();
    }

    /** MQTT 3.1.1 section 4.7, read level by level with no attention to speed. */
    private static boolean referenceMatches(String filter, String topic) {
        if (filter.startsWith("$share/")) {
            filter = filter.substring(filter.indexOf('/', 7) + 1);
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
