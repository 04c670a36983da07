package dev.mqttj.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

class ListenerDispatchBenchmarkTest {

    @Test
    void theDispatcherReachesTheListenersWithTheBoundValues() throws Exception {
        ListenerDispatchBenchmark benchmark = new ListenerDispatchBenchmark();
        benchmark.setUp();
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            benchmark.temperatureListener();
            benchmark.readingListener();
            benchmark.temperatureRawCallback(blackhole);
            benchmark.readingRawCallback(blackhole);

            Tally temperatures = benchmark.listeners().temperatures();
            Tally readings = benchmark.listeners().readings();
            assertThat(temperatures.count()).isEqualTo(1);
            assertThat(temperatures.lastKey()).isEqualTo("s-0");
            assertThat(temperatures.last()).isEqualTo("15.0");
            assertThat(readings.count()).isEqualTo(1);
            assertThat(readings.last()).isEqualTo(new Reading("s-1", 15.1, 1_764_748_800_001L));
        } finally {
            blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
            benchmark.tearDown();
        }
    }
}
