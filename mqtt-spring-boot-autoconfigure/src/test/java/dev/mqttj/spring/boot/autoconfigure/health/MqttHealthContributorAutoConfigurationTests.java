package dev.mqttj.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import dev.mqttj.testing.EmbeddedBroker;
import dev.mqttj.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

class MqttHealthContributorAutoConfigurationTests {

    private final int deadPort = FreePorts.pick();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class,
                    MqttHealthContributorAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=tcp://alice:hunter2@127.0.0.1:" + deadPort, "mqtt.client-id=health-1");

    @Test
    void createsIndicator() {
        runner.run(context -> assertThat(context).hasSingleBean(MqttHealthIndicator.class));
    }

    @Test
    void switchedOffByManagementProperty() {
        runner.withPropertyValues("management.health.mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttHealthIndicator.class));
    }

    @Test
    void absentWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).doesNotHaveBean(MqttHealthIndicator.class));
    }

    @Test
    void needsNoActuator() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasSingleBean(MqttHealthIndicator.class));
    }

    @Test
    void absentWhenMqttIsDisabled() {
        runner.withPropertyValues("mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttHealthIndicator.class));
    }

    @Test
    void downWhileTheBrokerIsUnreachable() {
        runner.run(context -> assertThat(context.getBean(MqttHealthIndicator.class).health().getStatus())
                .isEqualTo(Status.DOWN));
    }

    @Test
    void detailsMaskThePassword() {
        runner.run(context -> assertThat(context.getBean(MqttHealthIndicator.class).health().getDetails())
                .containsEntry("brokerUrl", "tcp://alice:****@127.0.0.1:" + deadPort));
    }

    @Test
    void detailsNameTheClientId() {
        runner.run(context -> assertThat(context.getBean(MqttHealthIndicator.class).health().getDetails())
                .containsEntry("clientId", "health-1"));
    }

    @Test
    void detailsCountAttemptsQueuedAndInflight() {
        runner.run(context -> {
            MqttHealthIndicator indicator = context.getBean(MqttHealthIndicator.class);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> ((Number) indicator.health().getDetails().get("connectionAttempts")).longValue() >= 1);
            assertThat(indicator.health().getDetails()).containsKeys("offlineSince", "queued", "inflight", "lastError");
        });
    }

    @Test
    void lastErrorCarriesNoPassword() {
        runner.run(context -> {
            MqttHealthIndicator indicator = context.getBean(MqttHealthIndicator.class);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> indicator.health().getDetails().containsKey("lastError"));
            assertThat(indicator.health().getDetails().toString()).doesNotContain("hunter2");
        });
    }

    @Test
    void upWhileConnected() {
        try (EmbeddedBroker broker = EmbeddedBroker.startDefault()) {
            runner.withPropertyValues("mqtt.broker-url=" + broker.url(), "mqtt.fail-fast=true").run(context -> {
                Health health = context.getBean(MqttHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
            });
        }
    }

    @Test
    void readinessOptionAddsTheIndicatorToTheReadinessGroup() {
        MockEnvironment environment = new MockEnvironment().withProperty("mqtt.health.readiness", "true");
        new MqttReadinessEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(MqttReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
                .isEqualTo("readinessState,mqtt");
    }

    @Test
    void readinessGroupUntouchedByDefault() {
        MockEnvironment environment = new MockEnvironment();
        new MqttReadinessEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.containsProperty(MqttReadinessEnvironmentPostProcessor.READINESS_INCLUDE)).isFalse();
    }

    @Test
    void applicationsOwnReadinessGroupWins() {
        MockEnvironment environment = new MockEnvironment().withProperty("mqtt.health.readiness", "true")
                .withProperty(MqttReadinessEnvironmentPostProcessor.READINESS_INCLUDE, "readinessState,db");
        new MqttReadinessEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(MqttReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
                .isEqualTo("readinessState,db");
    }

    @Test
    void livenessGroupNeverIncludesMqtt() {
        MockEnvironment environment = new MockEnvironment().withProperty("mqtt.health.readiness", "true");
        new MqttReadinessEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.containsProperty("management.endpoint.health.group.liveness.include")).isFalse();
    }

}
