package dev.mqttj.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.benchmarks.spring.ListenerStream.Kind;
import dev.mqttj.spring.core.JacksonJsonMqttPayloadConverter;
import dev.mqttj.spring.core.MqttPayloadConverter;
import org.junit.jupiter.api.Test;

class ListenerStreamTest {

    @Test
    void bothReceiversGetEveryMessageWithTheSameBoundValues() throws Exception {
        try (ListenerStream stream = ListenerStream.start(3)) {
            // The listener side reads JSON with the application's mapper, as the raw side does.
            assertThat(stream.context().getBean(MqttPayloadConverter.class))
                    .isInstanceOf(JacksonJsonMqttPayloadConverter.class);

            stream.publish(Kind.TEMPERATURE, 4, 0);
            assertThat(stream.rawTally(Kind.TEMPERATURE).count()).isEqualTo(4);
            assertThat(stream.springTally(Kind.TEMPERATURE).count()).isEqualTo(4);
            // The fourth message went to the first of the three sensors.
            assertThat(stream.springTally(Kind.TEMPERATURE).lastKey()).isEqualTo("s-0");
            assertThat(stream.rawTally(Kind.TEMPERATURE).lastKey()).isEqualTo("s-0");
            assertThat(stream.springTally(Kind.TEMPERATURE).last()).isEqualTo("15.0");
            assertThat(stream.rawTally(Kind.TEMPERATURE).last()).isEqualTo("15.0");

            stream.publish(Kind.READING, 3, 1);
            assertThat(stream.rawTally(Kind.READING).count()).isEqualTo(3);
            assertThat(stream.springTally(Kind.READING).count()).isEqualTo(3);
            Reading expected = new Reading("s-0", 15.0, 1_764_748_800_000L);
            assertThat(stream.springTally(Kind.READING).last()).isEqualTo(expected);
            assertThat(stream.rawTally(Kind.READING).last()).isEqualTo(expected);
            // Neither kind reached the other's receivers.
            assertThat(stream.rawTally(Kind.TEMPERATURE).count()).isEqualTo(4);
            assertThat(stream.springTally(Kind.TEMPERATURE).count()).isEqualTo(4);
        }
    }

    @Test
    void measuresTheCpuOfEachClientsThreads() throws Exception {
        try (ListenerStream stream = ListenerStream.start(2)) {
            ListenerDispatchRatio.Result result = ListenerDispatchRatio.measure(stream, Kind.TEMPERATURE, 2, 200, 1);

            assertThat(result.rawNanos()).hasSize(2);
            assertThat(result.springNanos()).hasSize(2);
            assertThat(Rounds.min(result.rawNanos())).isPositive();
            assertThat(Rounds.min(result.springNanos())).isPositive();
            assertThat(result.medianRatio()).isPositive();
            // Warm-up and rounds: every message reached both.
            long expected = (ListenerDispatchRatio.WARM_UP_ROUNDS + 2) * 200L;
            assertThat(stream.rawTally(Kind.TEMPERATURE).count()).isEqualTo(expected);
            assertThat(stream.springTally(Kind.TEMPERATURE).count()).isEqualTo(expected);
        }
    }
}
