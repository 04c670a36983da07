package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The meters count what really crossed a Mosquitto connection. Skipped where Mosquitto is not
 * installed, except with CI=true.
 */
@SpringBootTest(classes = MqttTestApplication.class, properties = "mqtt.fail-fast=true")
class MqttMetricsIntegrationTests extends MosquittoApplicationTests {

    private static final int N = 50;

    @Autowired
    private MqttTemplate template;

    @Autowired
    private Service service;

    @Autowired
    private MeterRegistry registry;

    @Test
    void metersCountPublishesAcknowledgementsAndReceivedMessages() throws Exception {
        service.subscribe("meters/#", 1).await(Duration.ofSeconds(10));
        CompletableFuture<?>[] sent = new CompletableFuture<?>[N];
        for (int i = 0; i < N; i++) {
            sent[i] = template.publish("meters/" + i, "m" + i, 1, false);
        }
        CompletableFuture.allOf(sent).get(30, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("mqtt.client.messages.received") == N);
        assertThat(List.of(count("mqtt.client.messages.published"),
                registry.get("mqtt.client.publish.acknowledgement").tag("qos", "1").timer().count(),
                count("mqtt.client.messages.received"),
                registry.get("mqtt.client.connected").gauge().value()))
                .containsExactly((double) N, (long) N, (double) N, 1.0);
    }

    private double count(String name) {
        return registry.get(name).tag("qos", "1").counter().count();
    }
}
