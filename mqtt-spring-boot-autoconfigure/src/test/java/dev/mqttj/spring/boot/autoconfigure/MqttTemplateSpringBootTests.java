package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.testing.EmbeddedBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole application publishes JSON through the template to an embedded Moquette broker, as the
 * application's Jackson 3 mapper writes it.
 */
@SpringBootTest(classes = MqttTestApplication.class, properties = "mqtt.fail-fast=true")
class MqttTemplateSpringBootTests {

    private static EmbeddedBroker broker;

    @Autowired
    private MqttTemplate template;

    record Reading(String sensor, double celsius) {
    }

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startDefault();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @DynamicPropertySource
    static void brokerUrl(DynamicPropertyRegistry properties) {
        properties.add("mqtt.broker-url", () -> broker.url());
    }

    @Test
    void roundTripsJson() throws Exception {
        try (MqttTestSubscriber subscriber = new MqttTestSubscriber(broker.url(), "app/readings")) {
            template.publishAndWait("app/readings", new Reading("kitchen", 21.0), Duration.ofSeconds(10));
            assertThat(subscriber.next().payloadAsString()).isEqualTo("{\"sensor\":\"kitchen\",\"celsius\":21.0}");
        }
    }
}
