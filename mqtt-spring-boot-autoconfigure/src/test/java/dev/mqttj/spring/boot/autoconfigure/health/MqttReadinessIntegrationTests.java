package dev.mqttj.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.testing.FreePorts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The health groups Spring Boot's probes use, with the actuator present: the mqtt indicator joins
 * readiness only on request, and liveness never.
 */
class MqttReadinessIntegrationTests {



    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Nested
    @SpringBootTest(classes = App.class, properties = { "management.endpoint.health.probes.enabled=true",
            "mqtt.health.readiness=true", "mqtt.broker-url=tcp://127.0.0.1:1" })
    class WithReadiness {

        @Autowired
        HealthEndpointGroups groups;

        @Test
        void readinessIncludesMqtt() {
            assertThat(groups.get("readiness").isMember("mqtt")).isTrue();
        }

        @Test
        void livenessExcludesMqtt() {
            assertThat(groups.get("liveness").isMember("mqtt")).isFalse();
        }
    }

    @Nested
    @SpringBootTest(classes = App.class, properties = { "management.endpoint.health.probes.enabled=true",
            "mqtt.broker-url=tcp://127.0.0.1:1" })
    class ByDefault {

        @Autowired
        HealthEndpointGroups groups;

        @Test
        void readinessExcludesMqtt() {
            assertThat(groups.get("readiness").isMember("mqtt")).isFalse();
        }
    }
}
