package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.spring.core.Jackson2JsonMqttPayloadConverter;
import dev.mqttj.spring.core.JacksonJsonMqttPayloadConverter;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.core.SimpleMqttPayloadConverter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The payload converter choices, imported in order of preference: the application's Jackson 3
 * mapper, the application's Jackson 2 mapper, a default Jackson 3 mapper, a default Jackson 2 mapper,
 * and last a converter for {@code byte[]} and {@code String} only. The first that applies wins.
 */
final class MqttPayloadConverterConfigurations {

    static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";
    static final String OBJECT_MAPPER = "com.fasterxml.jackson.databind.ObjectMapper";

    private MqttPayloadConverterConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = JSON_MAPPER)
    @ConditionalOnBean(type = JSON_MAPPER)
    @ConditionalOnMissingBean(MqttPayloadConverter.class)
    static class ApplicationJackson {

        @Bean
        MqttPayloadConverter mqttPayloadConverter(tools.jackson.databind.json.JsonMapper jsonMapper) {
            return new JacksonJsonMqttPayloadConverter(jsonMapper);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OBJECT_MAPPER)
    @ConditionalOnBean(type = OBJECT_MAPPER)
    @ConditionalOnMissingBean(MqttPayloadConverter.class)
    static class ApplicationJackson2 {

        @Bean
        MqttPayloadConverter mqttPayloadConverter(com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
            return new Jackson2JsonMqttPayloadConverter(objectMapper);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = JSON_MAPPER)
    @ConditionalOnMissingBean(MqttPayloadConverter.class)
    static class DefaultJackson {

        @Bean
        MqttPayloadConverter mqttPayloadConverter() {
            return new JacksonJsonMqttPayloadConverter(tools.jackson.databind.json.JsonMapper.builder().build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OBJECT_MAPPER)
    @ConditionalOnMissingBean(MqttPayloadConverter.class)
    static class DefaultJackson2 {

        @Bean
        MqttPayloadConverter mqttPayloadConverter() {
            return new Jackson2JsonMqttPayloadConverter(new com.fasterxml.jackson.databind.ObjectMapper());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(MqttPayloadConverter.class)
    static class BytesAndStrings {

        @Bean
        MqttPayloadConverter mqttPayloadConverter() {
            return new SimpleMqttPayloadConverter();
        }
    }
}
