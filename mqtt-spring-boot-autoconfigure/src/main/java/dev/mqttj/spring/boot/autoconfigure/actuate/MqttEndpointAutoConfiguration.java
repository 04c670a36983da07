package dev.mqttj.spring.boot.autoconfigure.actuate;

import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import dev.mqttj.spring.boot.autoconfigure.MqttListenerAutoConfiguration;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link MqttEndpoint} when the actuator is on the class path and the endpoint is
 * available (enabled and exposed). It shows the listeners when the listener infrastructure is present.
 */
@AutoConfiguration(after = { MqttAutoConfiguration.class, MqttListenerAutoConfiguration.class })
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(Service.class)
@ConditionalOnAvailableEndpoint(MqttEndpoint.class)
public final class MqttEndpointAutoConfiguration {

    MqttEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(MqttEndpoint.class)
    MqttEndpoint mqttEndpoint(Service mqttService, ObjectProvider<MqttListenerEndpointRegistry> registry) {
        return new MqttEndpoint(mqttService, registry.getIfUnique());
    }
}
