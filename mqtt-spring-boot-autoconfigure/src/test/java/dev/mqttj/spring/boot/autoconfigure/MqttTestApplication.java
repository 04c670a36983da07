package dev.mqttj.spring.boot.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The smallest Spring Boot application: everything MQTT comes from the auto-configuration. */
@SpringBootConfiguration
@EnableAutoConfiguration
class MqttTestApplication {
}
