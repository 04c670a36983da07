package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttHeaders;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.MqttListenerEndpoint;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.util.ReflectionUtils;

/** Listing, stopping, starting and adding listeners at runtime through the registry, on the embedded broker. */
class MqttListenerRegistryTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "registry");

    static class Listeners extends Recording {

        @MqttListener(topics = "reg/shared", id = "stoppable")
        @MqttListener(topics = "reg/shared", id = "witness")
        @MqttListener(topics = "reg/alone", id = "alone")
        @MqttListener(topics = "reg/late", id = "late", autoStartup = "${late.start:false}")
        void on(String value, @Header(MqttHeaders.LISTENER_ID) String listener) {
            calls.add(listener, value);
        }
    }

    @Test
    void listsTheListenersAndWhetherTheyRun() {
        runner.withBean(Listeners.class).run(context -> {
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainers()).extracting(container -> container.id() + "="
                    + container.isRunning()).containsExactlyInAnyOrder("stoppable=true", "witness=true", "alone=true",
                            "late=false");
        });
    }

    @Test
    void aStoppedListenerReceivesNothingUntilStartedAgain() {
        runner.withBean(Listeners.class).run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            MqttTemplate template = context.getBean(MqttTemplate.class);
            Calls calls = context.getBean(Calls.class);
            registry.stopListener("stoppable").get(10, TimeUnit.SECONDS);
            template.publish("reg/shared", "while-stopped");
            calls.await("witness", 1);
            registry.startListener("stoppable").get(10, TimeUnit.SECONDS);
            template.publish("reg/shared", "after-start");
            calls.await("witness", 2);
            assertThat(calls.await("stoppable", 1)).containsExactly("after-start");
        });
    }

    @Test
    void stoppingTheOnlyListenerOfAFilterUnsubscribesIt() {
        runner.withBean(Listeners.class).run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            registry.stopListener("alone").get(10, TimeUnit.SECONDS);
            try (MqttTestSubscriber other = new MqttTestSubscriber(broker.url(), "reg/alone")) {
                MqttTemplate template = context.getBean(MqttTemplate.class);
                template.publish("reg/alone", "unsubscribed");
                template.publish("reg/shared", "marker");
                context.getBean(Calls.class).await("witness", 1);
                // The other client got it, and this application's listener did not.
                assertThat(List.of(other.next().payloadAsString(), context.getBean(Calls.class).of("alone")))
                        .containsExactly("unsubscribed", List.of());
            }
        });
    }

    @Test
    void aListenerWithoutAutoStartupStartsOnRequest() {
        runner.withBean(Listeners.class).run(context -> {
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            registry.startListener("late").get(10, TimeUnit.SECONDS);
            context.getBean(MqttTemplate.class).publish("reg/late", "now");
            assertThat(context.getBean(Calls.class).await("late", 1)).containsExactly("now");
        });
    }

    static class RuntimeListener extends Recording {

        void on(String room, String value) {
            calls.add("runtime", room + "=" + value);
        }
    }

    @Test
    void aListenerAddedAtRuntimeReceivesWithItsTopicVariables() {
        runner.withBean(RuntimeListener.class).run(context -> {
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            MqttListenerEndpoint endpoint = MqttListenerEndpoint.builder("runtime",
                    context.getBean(RuntimeListener.class),
                    ReflectionUtils.findMethod(RuntimeListener.class, "on", String.class, String.class))
                    .topics("rooms/+").autoStartup(false).build();
            // Nothing had a listener: the method factory is created by the first registration, not at startup.
            assertThat(context.getBeanFactory().containsSingleton("mqttMessageHandlerMethodFactory")).isFalse();
            registry.registerListener(endpoint);
            registry.startListener("runtime").get(10, TimeUnit.SECONDS);
            context.getBean(MqttTemplate.class).publish("rooms/hall", "on");
            assertThat(context.getBean(Calls.class).await("runtime", 1)).first().asString().endsWith("=on");
        });
    }

    static class Wide extends Recording {

        @MqttListener(topics = "cache/#", id = "wide")
        void on(String value, @Header(MqttHeaders.TOPIC) String topic) {
            calls.add("wide", topic + "=" + value);
        }
    }

    @Test
    void aListenerAddedAtRuntimeReceivesATopicThatWasRoutedBeforeIt() {
        runner.withBean(Wide.class).withBean(RuntimeListener.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            Calls calls = context.getBean(Calls.class);
            template.publish("cache/hall", "before");
            calls.await("wide", 1);
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            registry.registerListener(MqttListenerEndpoint.builder("runtime", context.getBean(RuntimeListener.class),
                    ReflectionUtils.findMethod(RuntimeListener.class, "on", String.class, String.class))
                    .topics("cache/hall").build());
            registry.startListener("runtime").get(10, TimeUnit.SECONDS);

            template.publish("cache/hall", "added");
            assertThat(calls.await("runtime", 1)).singleElement().asString().endsWith("=added");

            registry.stopListener("runtime").get(10, TimeUnit.SECONDS);
            template.publish("cache/hall", "stopped");
            assertThat(calls.await("wide", 3)).containsExactly("cache/hall=before", "cache/hall=added",
                    "cache/hall=stopped");
            assertThat(calls.of("runtime")).hasSize(1);
        });
    }

    @Test
    void aStreamOfTopicsThatNeverRepeatReachesTheListenerWhole() {
        runner.withBean(Wide.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            int count = 5_000;
            for (int i = 0; i < count; i++) {
                template.publish("cache/unique/" + i, Integer.toString(i), 1, false);
            }
            // Longer than the route cache keeps: routed by the topic tree every time.
            String longTopic = "cache/" + "x".repeat(300);
            template.publish(longTopic, "long", 1, false);
            template.publish(longTopic, "long again", 1, false);
            List<String> received = context.getBean(Calls.class).await("wide", count + 2);
            assertThat(received).hasSize(count + 2);
            for (int i = 0; i < count; i++) {
                assertThat(received.get(i)).isEqualTo("cache/unique/" + i + "=" + i);
            }
            assertThat(received.subList(count, count + 2)).containsExactly(longTopic + "=long",
                    longTopic + "=long again");
        });
    }
}
