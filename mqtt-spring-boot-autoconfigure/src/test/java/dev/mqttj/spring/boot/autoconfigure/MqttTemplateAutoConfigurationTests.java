package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.core.Jackson2JsonMqttPayloadConverter;
import dev.mqttj.spring.core.JacksonJsonMqttPayloadConverter;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.core.SimpleMqttPayloadConverter;
import dev.mqttj.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MqttTemplateAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick());

    @Test
    void createsTemplate() {
        runner.run(context -> assertThat(context).hasSingleBean(MqttTemplate.class));
    }

    @Test
    void noTemplateWhenMqttIsDisabled() {
        runner.withPropertyValues("mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttTemplate.class));
    }

    @Test
    void userTemplateWins() {
        runner.withUserConfiguration(UserTemplate.class).run(context -> assertThat(
                context.getBeanNamesForType(MqttTemplate.class)).containsExactly("userTemplate"));
    }

    @Test
    void userConverterWins() {
        runner.withUserConfiguration(UserConverter.class).run(context -> assertThat(
                context.getBean(MqttPayloadConverter.class)).isSameAs(UserConverter.CONVERTER));
    }

    @Test
    void usesTheApplicationsJackson3Mapper() {
        runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run(context -> assertThat(
                context.getBean(MqttPayloadConverter.class)).isInstanceOf(JacksonJsonMqttPayloadConverter.class));
    }

    @Test
    void usesJackson3WithoutAMapperBean() {
        runner.run(context -> assertThat(context.getBean(MqttPayloadConverter.class))
                .isInstanceOf(JacksonJsonMqttPayloadConverter.class));
    }

    @Test
    @SuppressWarnings("removal") // Boot 4 keeps Jackson 2 support only for migration
    void prefersTheApplicationsJackson2MapperOverADefaultJackson3One() {
        runner.withConfiguration(AutoConfigurations.of(Jackson2AutoConfiguration.class)).run(context -> assertThat(
                context.getBean(MqttPayloadConverter.class)).isInstanceOf(Jackson2JsonMqttPayloadConverter.class));
    }

    @Test
    void fallsBackToJackson2WithoutJackson3() {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson")).run(context -> assertThat(
                context.getBean(MqttPayloadConverter.class)).isInstanceOf(Jackson2JsonMqttPayloadConverter.class));
    }

    @Test
    void bytesAndStringsOnlyWithoutJackson() {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson", "com.fasterxml.jackson.databind"))
                .run(context -> assertThat(context.getBean(MqttPayloadConverter.class))
                        .isInstanceOf(SimpleMqttPayloadConverter.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserTemplate {
        @Bean
        MqttTemplate userTemplate(dev.mqttj.client.Service service) {
            return new MqttTemplate(service, new SimpleMqttPayloadConverter(), 0, false);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserConverter {
        static final MqttPayloadConverter CONVERTER = new SimpleMqttPayloadConverter();

        @Bean
        MqttPayloadConverter userConverter() {
            return CONVERTER;
        }
    }
}
