package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttPayloadConverter;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.MqttListenerAnnotationBeanPostProcessor;
import dev.mqttj.spring.listener.MqttListenerDispatcher;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import dev.mqttj.spring.listener.MqttListenerErrorHandler;
import dev.mqttj.spring.listener.MqttListenerInvocationListener;
import dev.mqttj.spring.listener.MqttListenerInvocationObserver;
import dev.mqttj.spring.listener.observation.MqttListenerObservationConvention;
import dev.mqttj.spring.listener.observation.MqttListenerObservations;
import dev.mqttj.spring.listener.MqttMessageHandlerMethodFactory;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.validation.Validator;

/**
 * Auto-configuration of {@link dev.mqttj.spring.annotation.MqttListener} methods, when spring-messaging is on
 * the class path: the post-processor that finds them, the {@link MqttListenerEndpointRegistry} that runs them,
 * the {@link MqttMessageHandlerMethodFactory} that binds their parameters with the application's
 * {@link MqttPayloadConverter} (and validator, if any; created when the first listener registers), and the
 * {@link MqttListenerDispatcher} that the service delivers every message to. The registry, the factory and the
 * dispatcher back off when the application defines its own; a bean named {@value #DEFAULT_ERROR_HANDLER}
 * replaces the default error handler. Any {@link MqttListenerInvocationListener} bean (the metrics
 * auto-configuration's {@code mqtt.listener} timer) is told about every invocation; with
 * {@code mqtt.listener.observation-enabled=true} and an {@code ObservationRegistry}, each invocation is a
 * Micrometer observation.
 *
 * <p>The dispatcher becomes the service's message handler through an {@link MqttServiceCustomizer} applied
 * before all others: an application customizer that sets its own message handler takes the messages away from
 * the listeners, and a message callback set by a customizer receives nothing (the core's message handler takes
 * precedence over its callback); set {@code mqtt.listener.enabled=false} to keep such a callback. An application
 * that defines its own {@code Service} bean must set the dispatcher as its message handler itself.
 */
// The validator and the template are looked up when needed, so only the observation registry's condition asks
// for an order beyond the service.
@AutoConfiguration(after = { MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory")
@ConditionalOnBean(Service.class)
@ConditionalOnBooleanProperty(name = "mqtt.listener.enabled", matchIfMissing = true)
public final class MqttListenerAutoConfiguration {

    /** The name of the bean that replaces the default error handler of the listeners. */
    public static final String DEFAULT_ERROR_HANDLER = "mqttListenerErrorHandler";

    /** How long a message that arrives before the listeners started waits for them. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final Log LOGGER = LogFactory.getLog(MqttListenerAutoConfiguration.class);

    MqttListenerAutoConfiguration() {
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static MqttListenerAnnotationBeanPostProcessor mqttListenerAnnotationBeanPostProcessor() {
        return new MqttListenerAnnotationBeanPostProcessor();
    }

    @Bean
    @ConditionalOnMissingBean(MqttListenerDispatcher.class)
    MqttListenerDispatcher mqttListenerDispatcher(Config mqttConfig) {
        return new MqttListenerDispatcher(!mqttConfig.cleanSession(), STARTUP_WAIT);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MqttServiceCustomizer mqttListenerServiceCustomizer(MqttListenerDispatcher mqttListenerDispatcher) {
        return new DispatcherCustomizer(mqttListenerDispatcher);
    }

    /**
     * Lazy: only the first listener needs it, and creating it loads spring-messaging's handler method support,
     * which an application without listeners would pay for at every cold start.
     */
    @Bean
    @Lazy
    @ConditionalOnMissingBean(MqttMessageHandlerMethodFactory.class)
    MqttMessageHandlerMethodFactory mqttMessageHandlerMethodFactory(MqttPayloadConverter mqttPayloadConverter,
            ObjectProvider<Validator> validator) {
        return new MqttMessageHandlerMethodFactory(mqttPayloadConverter, ApplicationConversionService.getSharedInstance(),
                validator.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean(MqttListenerEndpointRegistry.class)
    MqttListenerEndpointRegistry mqttListenerEndpointRegistry(Service mqttService,
            MqttListenerDispatcher mqttListenerDispatcher,
            ObjectProvider<MqttMessageHandlerMethodFactory> mqttMessageHandlerMethodFactory,
            ObjectProvider<MqttTemplate> mqttTemplate, ObjectProvider<MqttListenerInvocationListener> invocationListener,
            ObjectProvider<MqttListenerInvocationObserver> invocationObserver, BeanFactory beanFactory,
            Environment environment) {
        MqttListenerErrorHandler errorHandler = beanFactory.containsBean(DEFAULT_ERROR_HANDLER)
                ? beanFactory.getBean(DEFAULT_ERROR_HANDLER, MqttListenerErrorHandler.class)
                : MqttListenerErrorHandler.logAndAcknowledge();
        MqttTemplate template = mqttTemplate.getIfUnique();
        MqttListenerEndpointRegistry registry = new MqttListenerEndpointRegistry(mqttService, mqttListenerDispatcher,
                mqttMessageHandlerMethodFactory, errorHandler, template == null ? null : new Replies(template),
                threadFactories(environment));
        MqttListenerInvocationListener listener = invocationListener.getIfUnique();
        if (listener != null) {
            registry.setInvocationListener(listener);
        }
        MqttListenerInvocationObserver observer = invocationObserver.getIfUnique();
        if (observer != null) {
            registry.setInvocationObserver(observer);
        }
        return registry;
    }

    /** Virtual threads when the application enables them on Java 21+, else named daemon platform threads. */
    private static Function<String, ThreadFactory> threadFactories(Environment environment) {
        if (Threading.VIRTUAL.isActive(environment)) {
            return id -> new VirtualThreadTaskExecutor("mqtt-listener-" + id + "-").getVirtualThreadFactory();
        }
        return new PlatformThreadFactories();
    }

    // The nested classes below stand for lambdas that every start would create: in a cold JVM each lambda
    // costs a class spun at run time, more than a small class read from the jar.

    /** Makes the dispatcher the service's message handler. */
    private static final class DispatcherCustomizer implements MqttServiceCustomizer {

        private final MqttListenerDispatcher dispatcher;

        DispatcherCustomizer(MqttListenerDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public void customize(Service service) {
            service.setMessageHandler(this.dispatcher);
        }
    }

    /** Publishes a listener's return value with the template and logs a failed publish. */
    private static final class Replies implements BiConsumer<String, Object> {

        private final MqttTemplate template;

        Replies(MqttTemplate template) {
            this.template = template;
        }

        @Override
        public void accept(String topic, Object value) {
            this.template.publish(topic, value).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOGGER.error("Could not publish an MQTT listener's return value to '" + topic + "'", failure);
                }
            });
        }
    }

    /** Named daemon platform threads, numbered per listener. */
    private static final class PlatformThreadFactories implements Function<String, ThreadFactory> {

        @Override
        public ThreadFactory apply(String id) {
            AtomicInteger count = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, "mqtt-listener-" + id + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }

    /** An observation per listener invocation, opt-in, when Micrometer observation and a registry are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnBooleanProperty(name = "mqtt.listener.observation-enabled")
    static class ListenerObservation {

        @Bean
        @ConditionalOnMissingBean(MqttListenerObservations.class)
        MqttListenerObservations mqttListenerObservations(ObservationRegistry observationRegistry,
                ObjectProvider<MqttListenerObservationConvention> convention) {
            return new MqttListenerObservations(observationRegistry, convention.getIfUnique());
        }
    }
}
