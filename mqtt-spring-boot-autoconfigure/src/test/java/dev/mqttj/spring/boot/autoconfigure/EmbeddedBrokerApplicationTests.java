package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.testing.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests whose application talks to one embedded (Moquette) broker, started before the
 * class and stopped after it; {@code @SpringBootTest}s get its URL as {@code mqtt.broker-url}.
 */
abstract class EmbeddedBrokerApplicationTests {

    static EmbeddedBroker broker;

    @BeforeAll
    static void startEmbeddedBroker() {
        broker = EmbeddedBroker.startDefault();
    }

    @AfterAll
    static void stopEmbeddedBroker() {
        broker.close();
    }

    @DynamicPropertySource
    static void embeddedBrokerUrl(DynamicPropertyRegistry properties) {
        properties.add("mqtt.broker-url", () -> broker.url());
    }
}
