package dev.mqttj.benchmarks.topic;

import dev.mqttj.topic.TopicTree;
import dev.mqttj.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing a received topic through a {@link TopicTree} of 10,000 filters, as every received message is routed
 * to its listeners: topics that match no filter, one filter and four filters. {@code bruteForce} scans all
 * filters with {@link Topics#matches} for comparison; {@code addAndRemove} measures a subscription change.
 * Run with {@code -prof gc} to see the allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicMatchBenchmark {

    static final int FILTERS = 10_000;

    private final TopicTree<String> tree = new TopicTree<>();
    private final List<String> filters = new ArrayList<>(FILTERS);
    private int matched;
    private final Consumer<String> counter = value -> matched++;

    // Not final, so that the JIT cannot treat them as constants.
    private String noMatchTopic = "weather/berlin/wind";
    private String oneMatchTopic = "fleet/42/truck/speed";
    private String severalMatchesTopic = "sensors/42/temp";

    @Setup
    public void buildTree() {
        for (int id = 0; id < 3_000; id++) {
            add("sensors/" + id + "/temp");
        }
        for (int id = 0; id < 2_000; id++) {
            add("sensors/" + id + "/humidity");
        }
        for (int id = 0; id < 1_000; id++) {
            add("sensors/" + id + "/+");
            add("+/" + id + "/status");
            add("site/" + id + "/+/alarm");
            add("fleet/" + id + "/#");
        }
        add("sensors/+/temp");
        add("sensors/#");
        for (int id = 0; filters.size() < FILTERS; id++) {
            add("home/" + id + "/light/state");
        }
        if (filters.size() != FILTERS) {
            throw new IllegalStateException(filters.size() + " filters");
        }
        check(noMatchTopic, 0);
        check(oneMatchTopic, 1);
        check(severalMatchesTopic, 4);
    }

    private void add(String filter) {
        tree.add(filter, filter);
        filters.add(filter);
    }

    private void check(String topic, int expected) {
        if (forEachMatch(topic) != expected || bruteForce(topic) != expected) {
            throw new IllegalStateException(topic + " should match " + expected + " filters");
        }
    }

    private int forEachMatch(String topic) {
        matched = 0;
        tree.forEachMatch(topic, counter);
        return matched;
    }

    private int bruteForce(String topic) {
        int count = 0;
        for (String filter : filters) {
            if (Topics.matches(filter, topic)) {
                count++;
            }
        }
        return count;
    }

    @Benchmark
    public int forEachMatchNone() {
        return forEachMatch(noMatchTopic);
    }

    @Benchmark
    public int forEachMatchOne() {
        return forEachMatch(oneMatchTopic);
    }

    @Benchmark
    public int forEachMatchFour() {
        return forEachMatch(severalMatchesTopic);
    }

    /** The convenience method, which collects distinct values into a new list. */
    @Benchmark
    public List<String> matchListFour() {
        return tree.match(severalMatchesTopic);
    }

    /** One filter against one topic. */
    @Benchmark
    public boolean topicsMatches() {
        return Topics.matches("sensors/+/temp", severalMatchesTopic);
    }

    /** A subscription change: add a filter beside 3,000 siblings and remove it again (two snapshots). */
    @Benchmark
    public boolean addAndRemove() {
        tree.add("sensors/new/temp", "new");
        return tree.remove("sensors/new/temp", "new");
    }

    /** What the tree saves: every filter checked in turn. */
    @Benchmark
    public int bruteForceFour() {
        return bruteForce(severalMatchesTopic);
    }
}
