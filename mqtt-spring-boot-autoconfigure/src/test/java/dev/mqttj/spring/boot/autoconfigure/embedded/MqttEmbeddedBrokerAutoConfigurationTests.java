package dev.mqttj.spring.boot.autoconfigure.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import dev.mqttj.spring.boot.autoconfigure.MqttConnectionDetails;
import dev.mqttj.testing.FreePorts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MqttEmbeddedBrokerAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttEmbeddedBrokerAutoConfiguration.class,
                    MqttAutoConfiguration.class, SslAutoConfiguration.class));

    @Test
    void startsABrokerWhenNoUrlIsConfigured() {
        runner.run(context -> assertThat(context).hasSingleBean(EmbeddedMqttBroker.class));
    }

    @Test
    void theServiceConnectsToTheEmbeddedBroker() {
        runner.run(context -> await().atMost(Duration.ofSeconds(20))
                .until(() -> context.getBean(Service.class).isOnline()));
    }

    @Test
    void connectionDetailsPointAtTheEmbeddedBroker() {
        runner.run(context -> assertThat(context.getBean(MqttConnectionDetails.class).getBrokerUrls())
                .containsExactly(context.getBean(EmbeddedMqttBroker.class).url()));
    }

    @Test
    void publishesItsPortAsLocalMqttPort() {
        runner.run(context -> assertThat(context.getEnvironment().getProperty("local.mqtt.port", Integer.class))
                .isEqualTo(context.getBean(EmbeddedMqttBroker.class).port()));
    }

    @Test
    void listensOnTheConfiguredPort() {
        int port = FreePorts.pick();
        runner.withPropertyValues("mqtt.embedded.port=" + port)
                .run(context -> assertThat(context.getBean(EmbeddedMqttBroker.class).port()).isEqualTo(port));
    }

    @Test
    void stopsWithTheContext() {
        int[] port = new int[1];
        runner.run(context -> port[0] = context.getBean(EmbeddedMqttBroker.class).port());
        assertThat(FreePorts.accepts(port[0], Duration.ofMillis(500))).isFalse();
    }

    @Test
    void backsOffWhenABrokerUrlIsConfigured() {
        runner.withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick())
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Test
    void backsOffWhenFailoverUrlsAreConfigured() {
        runner.withPropertyValues("mqtt.failover-urls[0]=tcp://127.0.0.1:" + FreePorts.pick())
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("mqtt.embedded.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Test
    void backsOffWhenMqttIsDisabled() {
        runner.withPropertyValues("mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Test
    void backsOffWithoutMoquette() {
        runner.withClassLoader(new FilteredClassLoader("io.moquette"))
                .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick())
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Test
    void backsOffWithoutMoquetteEvenWithoutAUrl() {
        runner.withClassLoader(new FilteredClassLoader("io.moquette"))
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Test
    void backsOffForOtherConnectionDetails() {
        runner.withUserConfiguration(ServiceConnectionDetails.class)
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConnectionDetails {
        @Bean
        MqttConnectionDetails containerConnectionDetails() {
            return () -> List.of("tcp://127.0.0.1:" + FreePorts.pick());
        }
    }
}
