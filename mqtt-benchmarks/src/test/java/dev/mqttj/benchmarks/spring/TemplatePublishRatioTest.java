package dev.mqttj.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.benchmarks.e2e.SinkBroker;
import dev.mqttj.benchmarks.spring.TemplatePublishRatio.Candidate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

class TemplatePublishRatioTest {

    @Test
    void everyCandidatePublishesItsMessagesAndIsMeasured() throws Exception {
        try (SinkBroker broker = SinkBroker.start(0);
                ConfigurableApplicationContext context = BenchApplication.start(broker.port(), "spring-template")) {
            TemplatePublishRatio ratio = new TemplatePublishRatio(broker, context);
            for (Candidate candidate : Candidate.values()) {
                long before = broker.publishes();
                long[] used = ratio.slice(candidate, 1_000);

                assertThat(used[0]).as("CPU of %s", candidate).isPositive();
                assertThat(used[1]).as("allocation of %s", candidate).isPositive();
                // QoS 0 slices end with one QoS 1 fence.
                assertThat(broker.publishes() - before).isEqualTo(candidate.qos() == 0 ? 1_001 : 1_000);
            }
        }
    }
}
