package dev.mqttj.spring.boot.autoconfigure.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code @ServiceConnection} with real broker containers. Needs a Docker engine, so it runs only in the
 * {@code docker} profile ({@code mvn -Pdocker verify}), where a missing engine fails it; the default build has
 * none to rely on and covers the mapping in {@link MqttContainerConnectionDetailsFactoryTests}.
 */
@Tag("docker")
class MqttServiceConnectionContainerTests {

    @BeforeEach
    void requireDocker() {
        assertThat(DockerClientFactory.instance().isDockerAvailable())
                .as("the docker profile needs a running Docker engine").isTrue();
    }

    @Test
    void connectsToAMosquittoContainer() {
        try (ConfigurableApplicationContext context = run(MosquittoApp.class)) {
            assertOnlineThroughContainer(context);
        }
    }

    @Test
    void connectsToAHiveMqContainer() {
        try (ConfigurableApplicationContext context = run(HiveMqApp.class)) {
            assertOnlineThroughContainer(context);
        }
    }

    private static ConfigurableApplicationContext run(Class<?> application) {
        return new SpringApplicationBuilder(application).web(org.springframework.boot.WebApplicationType.NONE)
                .properties("mqtt.broker-url=tcp://127.0.0.1:1").run();
    }

    private static void assertOnlineThroughContainer(ConfigurableApplicationContext context) {
        assertThat(context.getBean(Config.class).brokerUrl()).isNotEqualTo("tcp://127.0.0.1:1");
        await().atMost(Duration.ofSeconds(60)).until(context.getBean(Service.class)::isOnline);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MosquittoApp {
        @Bean
        @ServiceConnection
        GenericContainer<?> mosquitto() {
            return new GenericContainer<>(DockerImageName.parse("eclipse-mosquitto:2"))
                    .withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf").withExposedPorts(1883);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HiveMqApp {
        @Bean
        @ServiceConnection
        HiveMQContainer hivemq() {
            return new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));
        }
    }
}
