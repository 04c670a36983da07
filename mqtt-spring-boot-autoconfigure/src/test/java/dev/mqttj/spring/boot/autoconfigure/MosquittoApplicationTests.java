package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.testing.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the {@code @SpringBootTest}s whose application talks to one Mosquitto process, started
 * before the application context and stopped after the class. Skipped where Mosquitto is not
 * installed, except with CI=true, where it fails.
 */
abstract class MosquittoApplicationTests {

    static MosquittoBroker broker;

    @BeforeAll
    static void startMosquitto() {
        broker = MosquittoBroker.builder().start();
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
}
