package dev.mqttj.spring.boot.autoconfigure.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.hivemq.HiveMQContainer;

/**
 * The factories' mapping from a container to broker URLs, without a Docker engine: the containers
 * here are stand-ins that only answer the port questions.
 */
class MqttContainerConnectionDetailsFactoryTests {

    @Test
    void factoriesAreRegisteredForServiceConnections() {
        // Other modules on the test class path register factories whose optional classes are absent: ignored here.
        List<Class<?>> registered = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(ConnectionDetailsFactory.class, (type, name, failure) -> { }).stream()
                .<Class<?>>map(Object::getClass).toList();
        assertThat(registered).contains(MosquittoContainerConnectionDetailsFactory.class,
                HiveMqContainerConnectionDetailsFactory.class);
    }

    @Test
    void mosquittoUsesThePortMappedTo1883() {
        GenericContainer<?> container = mock(GenericContainer.class);
        given(container.getMappedPort(1883)).willReturn(32801);
        assertThat(new MosquittoContainerConnectionDetailsFactory().mqttPort(container)).isEqualTo(32801);
    }

    @Test
    void hiveMqUsesItsMqttPort() {
        HiveMQContainer container = mock(HiveMQContainer.class);
        given(container.getMqttPort()).willReturn(32802);
        assertThat(new HiveMqContainerConnectionDetailsFactory().mqttPort(container)).isEqualTo(32802);
    }

    @Test
    void plainUrlUsesTcp() {
        assertThat(MqttContainerConnectionDetailsFactory.brokerUrl("localhost", 32801, false))
                .isEqualTo("tcp://localhost:32801");
    }

    @Test
    void sslBundleSwitchesToMqtts() {
        assertThat(MqttContainerConnectionDetailsFactory.brokerUrl("10.0.0.5", 32803, true))
                .isEqualTo("mqtts://10.0.0.5:32803");
    }
}
