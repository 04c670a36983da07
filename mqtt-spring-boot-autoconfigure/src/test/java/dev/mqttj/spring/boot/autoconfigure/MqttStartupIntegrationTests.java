package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.core.MqttConnectedEvent;
import dev.mqttj.spring.core.MqttDisconnectedEvent;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.testing.MosquittoBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole applications against real Mosquitto processes: starting while the broker is down, events,
 * and graceful shutdown. Skipped where Mosquitto is not installed, except with CI=true.
 */
class MqttStartupIntegrationTests {

    private static ConfigurableApplicationContext start(String brokerUrl, String... properties) {
        return new SpringApplicationBuilder(MqttTestApplication.class).web(org.springframework.boot.WebApplicationType.NONE)
                .properties("mqtt.broker-url=" + brokerUrl, "mqtt.reconnect.min-delay=50ms",
                        "mqtt.reconnect.max-delay=250ms", "mqtt.connect-timeout=2s")
                .properties(properties).run();
    }

    @Test
    void startsWithTheBrokerDownAndConnectsWhenItComesUp() {
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            broker.stop();
            long started = System.nanoTime();
            try (ConfigurableApplicationContext context = start(broker.url())) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
                Service service = context.getBean(Service.class);
                assertThat(service.isOnline()).isFalse();
                broker.start();
                await().atMost(Duration.ofSeconds(30)).until(service::isOnline);
            }
        }
    }

    @Test
    void connectsOverTlsWithAnSslBundle() {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).start();
                ConfigurableApplicationContext context = start(broker.tlsUrl(), "mqtt.fail-fast=true",
                        "spring.ssl.bundle.pem.mqtt.truststore.certificate=file:"
                                + dev.mqttj.testing.TestCertificates.get().caCertificatePem(),
                        "mqtt.ssl.bundle=mqtt")) {
            assertThat(context.getBean(Service.class).isOnline()).isTrue();
        }
    }

    @Test
    void tlsWithoutTheBundleIsRefusedUnderFailFast() {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(broker.tlsUrl(), "mqtt.fail-fast=true"))
                    .hasCauseInstanceOf(MqttBrokerUnavailableException.class);
        }
    }

    @Test
    void publishesConnectedAndDisconnectedEvents() {
        List<Object> events = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(MqttTestApplication.class)
                    .web(org.springframework.boot.WebApplicationType.NONE)
                    .listeners((ApplicationListener<MqttConnectedEvent>) events::add,
                            (ApplicationListener<MqttDisconnectedEvent>) events::add)
                    .properties("mqtt.broker-url=" + broker.url(), "mqtt.fail-fast=true",
                            "mqtt.reconnect.min-delay=50ms", "mqtt.reconnect.max-delay=250ms")
                    .run();
            try (context) {
                await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
                broker.kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 2);
                assertThat(((MqttDisconnectedEvent) events.get(1)).getCause()).isNotNull();
            }
        }
    }

    @Test
    void gracefulShutdownDeliversEveryAcceptedQos1Publish() throws Exception {
        int count = 2000;
        try (MosquittoBroker broker = MosquittoBroker.builder().start();
                MqttTestSubscriber subscriber = new MqttTestSubscriber(broker.url(), "shutdown/#")) {
            ConfigurableApplicationContext context = start(broker.url(), "mqtt.fail-fast=true",
                    "mqtt.disconnect-timeout=30s", "mqtt.queue.size=" + count);
            MqttTemplate template = context.getBean(MqttTemplate.class);
            for (int i = 0; i < count; i++) {
                template.publish("shutdown/" + (i % 10), Integer.toString(i), 1, false);
            }
            context.close();
            Set<String> seen = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Message message;
                while ((message = subscriber.received().poll()) != null) {
                    seen.add(message.payloadAsString());
                }
                return seen.size() == count;
            });
            assertThat(seen).hasSize(count);
        }
    }

}
