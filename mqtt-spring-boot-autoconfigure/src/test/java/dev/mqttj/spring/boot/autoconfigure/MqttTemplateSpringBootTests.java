package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.core.MqttTemplate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole application publishes JSON through the template to an embedded Moquette broker, as the
 * application's Jackson 3 mapper writes it.
 */
@SpringBootTest(classes = MqttTestApplication.class, properties = "mqtt.fail-fast=true")
class MqttTemplateSpringBootTests extends EmbeddedBrokerApplicationTests {

    @Autowired
    private MqttTemplate template;

    record Reading(String sensor, double celsius) {
    }

    @Test
    void roundTripsJson() throws Exception {
        try (MqttTestSubscriber subscriber = new MqttTestSubscriber(broker.url(), "app/readings")) {
            template.publishAndWait("app/readings", new Reading("kitchen", 21.0), Duration.ofSeconds(10));
            assertThat(subscriber.next().payloadAsString()).isEqualTo("{\"sensor\":\"kitchen\",\"celsius\":21.0}");
        }
    }
}
