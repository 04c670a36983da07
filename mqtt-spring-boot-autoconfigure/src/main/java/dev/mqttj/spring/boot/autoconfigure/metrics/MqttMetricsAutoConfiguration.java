package dev.mqttj.spring.boot.autoconfigure.metrics;

import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of {@link MqttMetrics} when Micrometer and a {@code MeterRegistry} are present.
 * Spring Boot's metrics support binds it to the registry; the service reports to it as one of its
 * event listeners. With the listener infrastructure, {@link MqttListenerMetrics} times every listener
 * invocation as {@code mqtt.listener}.
 */
@AutoConfiguration(after = MqttAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(value = Service.class, type = "io.micrometer.core.instrument.MeterRegistry")
public final class MqttMetricsAutoConfiguration {

    MqttMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(MqttMetrics.class)
    MqttMetrics mqttMetrics(ObjectProvider<Service> mqttService) {
        // Through a provider: the service collects its event listeners, this binder among them, when it is created.
        return new MqttMetrics(mqttService::getObject);
    }

    /** The {@code mqtt.listener} timer, when the listener infrastructure (spring-messaging) is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory")
    static class ListenerMetrics {

        @Bean
        @ConditionalOnMissingBean(MqttListenerMetrics.class)
        MqttListenerMetrics mqttListenerMetrics(MeterRegistry meterRegistry) {
            return new MqttListenerMetrics(meterRegistry);
        }
    }
}
