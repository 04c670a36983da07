package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Service;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.testing.EmbeddedBroker;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The template against a real (embedded Moquette) broker.
 */
class MqttTemplateRoundTripTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=" + broker.url(), "mqtt.fail-fast=true");

    record Reading(String sensor, double celsius) {
    }

    @Test
    void publishesObjectsAsJson() throws Exception {
        try (MqttTestSubscriber subscriber = new MqttTestSubscriber(broker.url(), "rt/json")) {
            runner.run(context -> {
                context.getBean(MqttTemplate.class).publish("rt/json", new Reading("s1", 20.5)).get(10, TimeUnit.SECONDS);
                assertThat(subscriber.next().payloadAsString()).isEqualTo("{\"sensor\":\"s1\",\"celsius\":20.5}");
            });
        }
    }

    @Test
    void publishesWithTheRequestedQosAndRetain() throws Exception {
        try (MqttTestSubscriber subscriber = new MqttTestSubscriber(broker.url(), "rt/qos")) {
            runner.run(context -> {
                context.getBean(MqttTemplate.class).publishAndWait("rt/qos", "x", 2, false, Duration.ofSeconds(10));
                Message message = subscriber.next();
                assertThat(List.of(message.payloadAsString(), message.qos())).containsExactly("x", 2);
            });
        }
    }

    @Test
    void publishesBytesWithDefaultsFromProperties() throws Exception {
        try (MqttTestSubscriber subscriber = new MqttTestSubscriber(broker.url(), "rt/bytes")) {
            runner.withPropertyValues("mqtt.template.default-qos=1").run(context -> {
                context.getBean(MqttTemplate.class).publishAndWait("rt/bytes", new byte[] {7, 8}, Duration.ofSeconds(10));
                Message message = subscriber.next();
                assertThat(List.of(message.payload().length, message.qos())).containsExactly(2, 1);
            });
        }
    }

    @Test
    void publishingWhileOfflineIsQueuedAndDeliveredAfterConnecting() throws Exception {
        EmbeddedBroker late = EmbeddedBroker.startDefault();
        String url = late.url();
        late.stop();
        try {
            runner.withPropertyValues("mqtt.broker-url=" + url, "mqtt.fail-fast=false",
                    "mqtt.reconnect.min-delay=50ms", "mqtt.reconnect.max-delay=200ms").run(context -> {
                        // Retained: the subscriber below may subscribe before or after the queued message is sent.
                        var sent = context.getBean(MqttTemplate.class).publish("rt/late", "queued", 1, true);
                        assertThat(context.getBean(Service.class).isOnline()).isFalse();
                        late.start();
                        try (MqttTestSubscriber subscriber = new MqttTestSubscriber(url, "rt/late")) {
                            sent.get(20, TimeUnit.SECONDS);
                            assertThat(subscriber.next().payloadAsString()).isEqualTo("queued");
                        }
                    });
        } finally {
            late.close();
        }
    }

    @Test
    void aFullOfflineQueueFailsThePublishAfterTheQueueTimeout() {
        runner.withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + dev.mqttj.testing.FreePorts.pick(),
                "mqtt.fail-fast=false", "mqtt.queue.size=1", "mqtt.queue.timeout=200ms").run(context -> {
                    MqttTemplate template = context.getBean(MqttTemplate.class);
                    template.publish("rt/full", "fills the queue");
                    long start = System.nanoTime();
                    var rejected = template.publish("rt/full", "finds it full");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                    assertThat(rejected).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                            .havingRootCause().isInstanceOf(dev.mqttj.client.QueueFullException.class);
                });
    }

    @Test
    void observesPublishesWhenEnabled() {
        runner.withPropertyValues("mqtt.template.observation-enabled=true")
                .withUserConfiguration(Observations.class).run(context -> {
                    context.getBean(MqttTemplate.class).publish("rt/observed", "o").get(10, TimeUnit.SECONDS);
                    assertThat(context.getBean(Observations.class).stopped).extracting(Observation.Context::getName)
                            .containsExactly("mqtt.publish");
                });
    }

    @Test
    void observationsCarryNoTopicAsLowCardinalityKey() {
        runner.withPropertyValues("mqtt.template.observation-enabled=true")
                .withUserConfiguration(Observations.class).run(context -> {
                    context.getBean(MqttTemplate.class).publish("rt/observed", "o").get(10, TimeUnit.SECONDS);
                    assertThat(context.getBean(Observations.class).stopped.get(0).getLowCardinalityKeyValues()
                            .stream().map(kv -> kv.getValue())).doesNotContain("rt/observed");
                });
    }

    @Test
    void observationsCarryTheTopicAsHighCardinalityKey() {
        runner.withPropertyValues("mqtt.template.observation-enabled=true")
                .withUserConfiguration(Observations.class).run(context -> {
                    context.getBean(MqttTemplate.class).publish("rt/observed", "o").get(10, TimeUnit.SECONDS);
                    assertThat(context.getBean(Observations.class).stopped.get(0)
                            .getHighCardinalityKeyValue("messaging.destination.name").getValue()).isEqualTo("rt/observed");
                });
    }

    @Test
    void applicationsObservationConventionWins() {
        runner.withPropertyValues("mqtt.template.observation-enabled=true")
                .withUserConfiguration(Observations.class, RenamingConvention.class).run(context -> {
                    context.getBean(MqttTemplate.class).publish("rt/observed", "o").get(10, TimeUnit.SECONDS);
                    assertThat(context.getBean(Observations.class).stopped).extracting(Observation.Context::getName)
                            .containsExactly("sensors.publish");
                });
    }

    @Test
    void noObservationByDefault() {
        runner.withUserConfiguration(Observations.class).run(context -> {
            context.getBean(MqttTemplate.class).publish("rt/plain", "o").get(10, TimeUnit.SECONDS);
            assertThat(context.getBean(Observations.class).stopped).isEmpty();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RenamingConvention {
        @Bean
        dev.mqttj.spring.core.observation.MqttPublishObservationConvention renamingConvention() {
            return new dev.mqttj.spring.core.observation.DefaultMqttPublishObservationConvention() {
                @Override
                public String getName() {
                    return "sensors.publish";
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(this);
            return registry;
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
