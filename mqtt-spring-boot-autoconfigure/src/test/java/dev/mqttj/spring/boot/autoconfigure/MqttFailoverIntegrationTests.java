package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Service;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With the broker URL down, the service fails over to the next URL. Skipped where Mosquitto is not
 * installed, except with CI=true.
 */
class MqttFailoverIntegrationTests {

    @Test
    void failsOverToTheSecondBrokerUrl() {
        try (MosquittoBroker broker = MosquittoBroker.builder().start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(MqttTestApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick(),
                                "mqtt.failover-urls=" + broker.url(), "mqtt.fail-fast=true",
                                "mqtt.connect-timeout=2s", "mqtt.reconnect.min-delay=50ms")
                        .run()) {
            assertThat(context.getBean(Service.class).status().brokerUrl()).isEqualTo(broker.url());
        }
    }
}
