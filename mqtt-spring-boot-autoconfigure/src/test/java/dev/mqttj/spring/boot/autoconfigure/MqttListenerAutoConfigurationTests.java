package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.core.SimpleMqttPayloadConverter;
import dev.mqttj.spring.listener.MqttListenerDispatcher;
import dev.mqttj.spring.listener.MqttListenerEndpoint;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import dev.mqttj.spring.listener.MqttListenerErrorHandler;
import dev.mqttj.spring.listener.MqttMessageHandlerMethodFactory;
import dev.mqttj.testing.FreePorts;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/** Conditions of the listener auto-configuration: one condition, one assertion. */
class MqttListenerAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class,
                    MqttListenerAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick(), "mqtt.client-id=conditions");

    @Test
    void providesTheRegistry() {
        runner.run(context -> assertThat(context).hasSingleBean(MqttListenerEndpointRegistry.class));
    }

    @Test
    void backsOffWithoutSpringMessaging() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.messaging"))
                .run(context -> assertThat(context).doesNotHaveBean(MqttListenerEndpointRegistry.class));
    }

    @Test
    void backsOffWhenMqttIsDisabled() {
        runner.withPropertyValues("mqtt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttListenerEndpointRegistry.class));
    }

    @Test
    void backsOffWhenListenersAreDisabled() {
        runner.withPropertyValues("mqtt.listener.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqttListenerEndpointRegistry.class));
    }

    @Test
    void theApplicationsRegistryWins() {
        runner.withBean("myRegistry", MqttListenerEndpointRegistry.class,
                () -> new MqttListenerEndpointRegistry(new Service(), new MqttListenerDispatcher(false, Duration.ZERO),
                        factory(), MqttListenerErrorHandler.logAndAcknowledge(), null,
                        id -> runnable -> new Thread(runnable)))
                .run(context -> assertThat(context).getBean(MqttListenerEndpointRegistry.class)
                        .isSameAs(context.getBean("myRegistry")));
    }

    @Test
    void theApplicationsMethodFactoryWins() {
        runner.withBean("myFactory", MqttMessageHandlerMethodFactory.class, MqttListenerAutoConfigurationTests::factory)
                .run(context -> assertThat(context).getBean(MqttMessageHandlerMethodFactory.class)
                        .isSameAs(context.getBean("myFactory")));
    }

    @Test
    void withoutListenersTheMethodFactoryIsNotCreated() {
        runner.run(context -> assertThat(context.getBeanFactory().containsSingleton("mqttMessageHandlerMethodFactory"))
                .isFalse());
    }

    @Test
    void theApplicationsMethodFactoryBindsTheListenersRegisteredLater() {
        CountingFactory factory = new CountingFactory();
        factory.afterPropertiesSet();
        runner.withBean("myFactory", MqttMessageHandlerMethodFactory.class, () -> factory).run(context -> {
            LaterListener target = new LaterListener();
            context.getBean(MqttListenerEndpointRegistry.class).registerListener(MqttListenerEndpoint
                    .builder("later", target, LaterListener.class.getDeclaredMethod("on", String.class)).topics("later")
                    .autoStartup(false).build());
            assertThat(factory.created).hasValue(1);
        });
    }

    static class LaterListener {

        void on(String payload) {
        }
    }

    static class CountingFactory extends MqttMessageHandlerMethodFactory {

        final AtomicInteger created = new AtomicInteger();

        CountingFactory() {
            super(new SimpleMqttPayloadConverter(), null, null);
        }

        @Override
        public InvocableHandlerMethod createInvocableHandlerMethod(Object bean, Method method) {
            created.incrementAndGet();
            return super.createInvocableHandlerMethod(bean, method);
        }
    }

    /** A composed annotation: the post-processor finds listeners through meta-annotations too. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @MqttListener(topics = "composed/one", autoStartup = "false")
    @interface ComposedListener {
    }

    static class ComposedListeners {

        @ComposedListener
        void on(String payload) {
        }
    }

    @Test
    void findsListenersDeclaredThroughAComposedAnnotation() {
        runner.withBean(ComposedListeners.class).run(context -> assertThat(context
                .getBean(MqttListenerEndpointRegistry.class).getListenerContainerIds())
                .containsExactly("mqttListenerAutoConfigurationTests.ComposedListeners.on"));
    }

    /** The annotation on an interface method that the bean implements, found through the type hierarchy. */
    interface AlarmListener {

        @MqttListener(topics = "alarms/#", autoStartup = "false")
        void onAlarm(String payload);
    }

    static class AlarmListenerImpl implements AlarmListener {

        @Override
        public void onAlarm(String payload) {
        }
    }

    @Test
    void findsListenersDeclaredOnAnInterfaceMethod() {
        runner.withBean(AlarmListenerImpl.class).run(context -> assertThat(context
                .getBean(MqttListenerEndpointRegistry.class).getListenerContainerIds())
                .containsExactly("mqttListenerAutoConfigurationTests.AlarmListenerImpl.onAlarm"));
    }

    interface CriticalAlarmListener extends AlarmListener {
    }

    static class CriticalAlarmListenerImpl implements CriticalAlarmListener {

        @Override
        public void onAlarm(String payload) {
        }
    }

    @Test
    void findsListenersDeclaredOnAMethodOfAnExtendedInterface() {
        runner.withBean(CriticalAlarmListenerImpl.class).run(context -> assertThat(context
                .getBean(MqttListenerEndpointRegistry.class).getListenerContainerIds())
                .containsExactly("mqttListenerAutoConfigurationTests.CriticalAlarmListenerImpl.onAlarm"));
    }

    abstract static class BaseListener {

        @ComposedListener
        void onInherited(String payload) {
        }
    }

    static class DerivedListener extends BaseListener {

        @Override
        void onInherited(String payload) {
        }
    }

    @Test
    void findsListenersDeclaredOnAnOverriddenSuperclassMethod() {
        runner.withBean(DerivedListener.class).run(context -> assertThat(context
                .getBean(MqttListenerEndpointRegistry.class).getListenerContainerIds())
                .containsExactly("mqttListenerAutoConfigurationTests.DerivedListener.onInherited"));
    }

    static class AnnotatedButNoListener {

        @Deprecated
        @org.springframework.context.event.EventListener
        void onEvent(org.springframework.context.event.ContextRefreshedEvent event) {
        }
    }

    @Test
    void aBeanWhoseMethodsCarryOtherAnnotationsHasNoListener() {
        runner.withBean(AnnotatedButNoListener.class).run(context -> assertThat(context
                .getBean(MqttListenerEndpointRegistry.class).getListenerContainerIds()).isEmpty());
    }

    @Test
    void theApplicationsDispatcherWins() {
        runner.withBean("myDispatcher", MqttListenerDispatcher.class,
                () -> new MqttListenerDispatcher(true, Duration.ofSeconds(1)))
                .run(context -> assertThat(context).getBean(MqttListenerDispatcher.class)
                        .isSameAs(context.getBean("myDispatcher")));
    }

    private static MqttMessageHandlerMethodFactory factory() {
        MqttMessageHandlerMethodFactory factory = new MqttMessageHandlerMethodFactory(new SimpleMqttPayloadConverter(),
                null, null);
        factory.afterPropertiesSet();
        return factory;
    }
}
