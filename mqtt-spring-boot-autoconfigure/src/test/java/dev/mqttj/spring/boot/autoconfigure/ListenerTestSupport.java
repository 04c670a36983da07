package dev.mqttj.spring.boot.autoconfigure;

import org.awaitility.Awaitility;

import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Shared pieces of the listener tests: the runner with every MQTT auto-configuration and a call recorder. */
final class ListenerTestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ListenerTestSupport() {
    }

    /** A runner with the connection, template and listener auto-configurations, connected to the broker. */
    static ApplicationContextRunner runner(String brokerUrl) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class,
                        MqttTemplateAutoConfiguration.class, MqttListenerAutoConfiguration.class))
                .withPropertyValues("mqtt.broker-url=" + brokerUrl, "mqtt.fail-fast=true",
                        "mqtt.reconnect.min-delay=50ms", "mqtt.reconnect.max-delay=500ms")
                .withBean(Calls.class);
    }

    /** Like {@link #runner(String)}, with a client id unique to the run that starts with {@code clientIdPrefix}. */
    static ApplicationContextRunner runner(String brokerUrl, String clientIdPrefix) {
        return runner(brokerUrl).withPropertyValues("mqtt.client-id=" + clientIdPrefix + "-" + System.nanoTime());
    }

    /** Waits until the broker answered the listeners' subscription. */
    static void awaitSubscribed(ApplicationContext context) throws Exception {
        context.getBean(MqttListenerEndpointRegistry.class).subscriptions().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until the broker answered the listeners' subscription, then returns the template to publish with. */
    static MqttTemplate templateOnceSubscribed(ApplicationContext context) throws Exception {
        awaitSubscribed(context);
        return context.getBean(MqttTemplate.class);
    }

    /** A sensor reading, sent as JSON. */
    record Reading(String sensor, double celsius) {
    }

    /** Base of the test listener beans: they record what they receive in the context's {@link Calls}. */
    abstract static class Recording {

        @Autowired
        Calls calls;
    }

    /** What the listeners of a test saw, as "listener:value" strings in the order they were recorded. */
    static final class Calls {

        private final List<String> calls = new CopyOnWriteArrayList<>();

        void add(String listener, Object value) {
            calls.add(listener + ":" + value);
        }

        List<String> all() {
            return List.copyOf(calls);
        }

        List<String> of(String listener) {
            return calls.stream().filter(call -> call.startsWith(listener + ":"))
                    .map(call -> call.substring(listener.length() + 1)).toList();
        }

        /** Waits until the listener has recorded at least {@code count} calls and returns them. */
        List<String> await(String listener, int count) {
            Awaitility.await().atMost(TIMEOUT).until(() -> of(listener).size() >= count);
            return of(listener);
        }
    }
}
