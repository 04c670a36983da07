package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.core.observation.MqttPublishObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link MqttTemplate} and its {@link MqttPayloadConverter}, on top of the
 * application's MQTT {@link Service}. With {@code mqtt.template.observation-enabled=true} each publish
 * is observed through the application's {@link ObservationRegistry}, named by its
 * {@link MqttPublishObservationConvention} bean if there is one.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class)
@ConditionalOnBean(Service.class)
@EnableConfigurationProperties(MqttProperties.class)
public final class MqttTemplateAutoConfiguration {

    MqttTemplateAutoConfiguration() {
    }

    /**
     * The converter on the application's Jackson 3 or Jackson 2 mapper, else on a default one, else for
     * {@code byte[]} and {@code String} only; see {@link MqttPayloadConverters}. Looked up when created, so neither
     * it nor the template needs to come after the Jackson or observation auto-configurations.
     */
    @Bean
    @ConditionalOnMissingBean(MqttPayloadConverter.class)
    MqttPayloadConverter mqttPayloadConverter(ConfigurableListableBeanFactory beanFactory) {
        return MqttPayloadConverters.choose(beanFactory, beanFactory.getBeanClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean(MqttTemplate.class)
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
