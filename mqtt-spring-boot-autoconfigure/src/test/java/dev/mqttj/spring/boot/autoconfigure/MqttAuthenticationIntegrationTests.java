package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.ClientConnectionDeniedException;
import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthIndicator;
import dev.mqttj.testing.MosquittoBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Wrong credentials against a Mosquitto with a password file: the refusal reaches health as DOWN with the
 * broker's return code, and the service backs off instead of hammering the broker. Skipped where Mosquitto is
 * not installed, except with CI=true, where it fails.
 */
@SpringBootTest(classes = MqttTestApplication.class, properties = {"mqtt.username=svc",
    "mqtt.password=Wr0ng-Pw", "mqtt.client-id=auth-test", "mqtt.reconnect.min-delay=200ms",
    "mqtt.reconnect.max-delay=800ms", "mqtt.connect-timeout=2s"})
class MqttAuthenticationIntegrationTests {

    private static MosquittoBroker broker;

    @Autowired
    private Service service;

    @Autowired
    private MqttHealthIndicator health;

    @BeforeAll
    static void startMosquitto() {
        broker = MosquittoBroker.builder().user("svc", "R1ght-Pw").allowAnonymous(false).start();
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.close();
        }
    }

    @DynamicPropertySource
    static void mosquittoUrl(DynamicPropertyRegistry properties) {
        properties.add("mqtt.broker-url", () -> broker.url());
    }

    @Test
    void wrongCredentialsShowAsDownWithTheReturnCodeAndBackOff() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> service.status().lastError() instanceof ClientConnectionDeniedException);
        ClientConnectionDeniedException denied = (ClientConnectionDeniedException) service.status().lastError();
        assertThat(denied.returnCode().name()).isIn("NOT_AUTHORIZED", "BAD_USERNAME_OR_PASSWORD");

        Health report = health.health();
        assertThat(report.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(report.getDetails().get("lastError"))).contains(denied.getMessage())
                .doesNotContain("Wr0ng-Pw");

        // Backing off: three more attempts take at least the three shortest delays (100 ms each, the lower
        // bound of the first step's jitter); a client without backoff makes them in a few milliseconds.
        long before = service.status().connectionAttempts();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> service.status().connectionAttempts() >= before + 3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(service.isOnline()).isFalse();
    }
}
