package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthIndicator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Health follows a real Mosquitto process: UP, DOWN once it is killed, UP again after its restart.
 * Skipped where Mosquitto is not installed, except with CI=true, where it fails.
 */
@SpringBootTest(classes = MqttTestApplication.class, properties = { "mqtt.reconnect.min-delay=50ms",
        "mqtt.reconnect.max-delay=250ms", "mqtt.connect-timeout=2s", "mqtt.fail-fast=true" })
class MqttMosquittoHealthIntegrationTests extends MosquittoApplicationTests {

    @Autowired
    private MqttHealthIndicator health;

    @Test
    void upThenDownWhenKilledThenUpAfterRestart() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        broker.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
        broker.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
    }
}
