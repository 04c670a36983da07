package dev.mqttj.spring.boot.autoconfigure.embedded;

import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import dev.mqttj.spring.boot.autoconfigure.MqttConnectionDetails;
import dev.mqttj.spring.boot.autoconfigure.MqttProperties;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Starts an in-JVM broker (Moquette) for development and tests, like Spring Boot's embedded Artemis mode:
 * only when Moquette is on the class path, {@code mqtt.embedded.enabled} is not false, no
 * {@code mqtt.broker-url} is configured and no other {@link MqttConnectionDetails} (such as a
 * {@code @ServiceConnection}) exists. The broker starts before the MQTT service connects to it, stops after
 * the service disconnected, and its port is published as {@code local.mqtt.port}. Moquette is an optional
 * dependency: an application that does not add it never starts a broker by accident.
 */
@AutoConfiguration(before = MqttAutoConfiguration.class)
@ConditionalOnClass(name = "io.moquette.broker.Server")
@ConditionalOnBooleanProperty(name = "mqtt.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "mqtt.embedded.enabled", matchIfMissing = true)
@Conditional(NoBrokerUrlCondition.class)
@ConditionalOnMissingBean(MqttConnectionDetails.class)
@EnableConfigurationProperties(MqttProperties.class)
public final class MqttEmbeddedBrokerAutoConfiguration {

    /** The property that carries the embedded broker's port, as {@code local.server.port} does for the web server. */
    public static final String LOCAL_PORT_PROPERTY = "local.mqtt.port";

    private static final Log logger = LogFactory.getLog(MqttEmbeddedBrokerAutoConfiguration.class);

    MqttEmbeddedBrokerAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(EmbeddedMqttBroker.class)
    EmbeddedMqttBroker embeddedMqttBroker(MqttProperties properties, ConfigurableEnvironment environment) {
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(properties.getEmbedded().getPort());
        logger.warn("Started an embedded MQTT broker (Moquette) on " + broker.url()
                + " because no mqtt.broker-url is configured. It is meant for development and tests: set"
                + " mqtt.broker-url, or mqtt.embedded.enabled=false, or remove Moquette from the class path in production.");
        publishPort(environment, broker.port());
        return broker;
    }

    @Bean
    MqttConnectionDetails embeddedMqttConnectionDetails(EmbeddedMqttBroker embeddedMqttBroker) {
        String url = embeddedMqttBroker.url();
        return () -> List.of(url);
    }

    private static void publishPort(ConfigurableEnvironment environment, int port) {
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> existing = sources.get("mqtt.embedded");
        if (existing != null) {
            sources.remove("mqtt.embedded");
        }
        sources.addFirst(new MapPropertySource("mqtt.embedded", Map.of(LOCAL_PORT_PROPERTY, port)));
    }
}
