package dev.mqttj.spring.boot.autoconfigure.health;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code mqtt} health indicator; {@code management.health.mqtt.enabled=false}
 * switches it off.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean({ Service.class, Config.class })
public final class MqttHealthContributorAutoConfiguration {

    MqttHealthContributorAutoConfiguration() {
    }

    /** Nested so that its condition, a class of spring-boot-health, is only loaded when that module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("mqtt")
    static class Indicator {

        @Bean
        @ConditionalOnMissingBean(name = "mqttHealthIndicator")
        MqttHealthIndicator mqttHealthIndicator(Service mqttService, Config mqttConfig,
                ObjectProvider<MqttHealthDetailsContributor> contributors) {
            return new MqttHealthIndicator(mqttService, mqttConfig, contributors.orderedStream().toList());
        }
    }

    /** The listeners as details of the indicator, when the listener infrastructure (spring-messaging) is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory")
    static class ListenerDetails {

        @Bean
        MqttHealthDetailsContributor mqttListenerHealthDetails(ObjectProvider<MqttListenerEndpointRegistry> registry) {
            // Looked up per probe: the registry may back off or come from the application.
            return builder -> registry.ifUnique(listeners -> builder.withDetail("listeners", listeners.describe()));
        }
    }
}
