package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.core.observation.MqttPublishObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of {@link MqttTemplate} and its {@link MqttPayloadConverter}, on top of the
 * application's MQTT {@link Service}. With {@code mqtt.template.observation-enabled=true} each publish
 * is observed through the application's {@link ObservationRegistry}, named by its
 * {@link MqttPublishObservationConvention} bean if there is one.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class,
        afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
                "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean(Service.class)
@EnableConfigurationProperties(MqttProperties.class)
@Import({ MqttPayloadConverterConfigurations.ApplicationJackson.class,
        MqttPayloadConverterConfigurations.ApplicationJackson2.class,
        MqttPayloadConverterConfigurations.DefaultJackson.class,
        MqttPayloadConverterConfigurations.DefaultJackson2.class,
        MqttPayloadConverterConfigurations.BytesAndStrings.class })
public final class MqttTemplateAutoConfiguration {

    MqttTemplateAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MqttTemplate mqttTemplate(Service mqttService, MqttPayloadConverter mqttPayloadConverter,
            MqttProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<MqttPublishObservationConvention> observationConvention) {
        MqttProperties.Template settings = properties.getTemplate();
        MqttTemplate template = new MqttTemplate(mqttService, mqttPayloadConverter, settings.getDefaultQos(),
                settings.isDefaultRetain());
        if (settings.isObservationEnabled()) {
            template.setObservation(observationRegistry.getIfUnique(), observationConvention.getIfUnique());
        }
        return template;
    }
}
