package dev.mqttj.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.ConnectionLostException;
import dev.mqttj.client.MqttClientException;
import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import dev.mqttj.testing.FreePorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.EOFException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MqttMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick());

    @Test
    void createsBinderWithAMeterRegistry() {
        runner.run(context -> assertThat(context).hasSingleBean(MqttMetrics.class));
    }

    @Test
    void noBinderWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context).doesNotHaveBean(MqttMetrics.class));
    }

    @Test
    void noBinderWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttMetricsAutoConfiguration.class))
                .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick())
                .run(context -> assertThat(context).doesNotHaveBean(MqttMetrics.class));
    }

    @Test
    void noBinderWhenMqttIsDisabled() {
        runner.withPropertyValues("mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttMetrics.class));
    }

    @Test
    void userBinderWins() {
        runner.withUserConfiguration(UserMetrics.class).run(context -> assertThat(
                context.getBeanNamesForType(MqttMetrics.class)).containsExactly("userMetrics"));
    }

    @Test
    void connectedGaugeIsZeroWhileTheBrokerIsDown() {
        runner.run(context -> assertThat(context.getBean(MeterRegistry.class).get("mqtt.client.connected").gauge()
                .value()).isZero());
    }

    @Test
    void connectionAttemptsAreCounted() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> registry.get("mqtt.client.connection.attempts").counter().count() >= 1);
            assertThat(registry.get("mqtt.client.connection.failures").counter().count()).isPositive();
        });
    }

    @Test
    void noMeterIsTaggedWithATopic() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MqttMetrics metrics = new MqttMetrics(dev.mqttj.client.Service::new);
        metrics.bindTo(registry);
        metrics.published(1);
        metrics.messageReceived(2);
        metrics.publishAcknowledged(1, 1_000_000);
        assertThat(registry.getMeters()).flatExtracting(meter -> meter.getId().getTags())
                .extracting(tag -> tag.getKey()).doesNotContain("topic");
    }

    @Test
    void publishedMessagesAreCountedByQos() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MqttMetrics metrics = new MqttMetrics(dev.mqttj.client.Service::new);
        metrics.bindTo(registry);
        metrics.published(1);
        metrics.published(1);
        metrics.published(0);
        assertThat(registry.get("mqtt.client.messages.published").tag("qos", "1").counter().count()).isEqualTo(2);
    }

    @Test
    void lossCauseNamesTheWrappedFailure() {
        assertThat(MqttMetrics.causeName(new ConnectionLostException("connection lost", new EOFException())))
                .isEqualTo("EOFException");
    }

    @Test
    void lossCauseNamesTheClientException() {
        assertThat(MqttMetrics.causeName(new MqttClientException("x"))).isEqualTo("MqttClientException");
    }

    @Configuration(proxyBeanMethods = false)
    static class UserMetrics {
        @Bean
        MqttMetrics userMetrics(org.springframework.beans.factory.ObjectProvider<dev.mqttj.client.Service> service) {
            // A provider, not the service: the service collects its event listeners when it is created.
            return new MqttMetrics(service::getObject);
        }
    }
}
