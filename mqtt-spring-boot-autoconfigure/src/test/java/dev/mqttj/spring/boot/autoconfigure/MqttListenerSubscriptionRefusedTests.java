package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttHeaders;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import dev.mqttj.spring.listener.MqttListenerSubscriptionRefusedEvent;
import dev.mqttj.testing.EmbeddedBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A subscription the broker refuses by its access control (SUBACK 0x80, as Moquette answers) reaches the
 * application as a failure of that listener, and every other listener goes on receiving.
 */
class MqttListenerSubscriptionRefusedTests {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBrokerWithAcl() {
        broker = EmbeddedBroker.builder().persistent(false).denySubscriptions("acl/secret/+").start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "acl")
            .withBean(Listeners.class).withBean(RefusalEvents.class);

    static class Listeners extends Recording {

        @MqttListener(topics = "acl/secret/+", id = "secret")
        @MqttListener(topics = "acl/open", id = "open")
        void on(String value, @Header(MqttHeaders.LISTENER_ID) String listener) {
            calls.add(listener, value);
        }
    }

    static class RefusalEvents implements ApplicationListener<MqttListenerSubscriptionRefusedEvent> {

        final List<MqttListenerSubscriptionRefusedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MqttListenerSubscriptionRefusedEvent event) {
            events.add(event);
        }
    }

    @Test
    void theRefusedListenerIsNamedInAnEventWithItsFilter() {
        runner.run(context -> {
            List<MqttListenerSubscriptionRefusedEvent> events = context.getBean(RefusalEvents.class).events;
            await().atMost(ListenerTestSupport.TIMEOUT).until(() -> !events.isEmpty());
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.getListenerId()).isEqualTo("secret");
                assertThat(event.getTopicFilters()).containsExactly("acl/secret/+");
            });
        });
    }

    @Test
    void theRegistryReportsTheRefusedFilterForThatListenerOnly() {
        runner.run(context -> {
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            await().atMost(ListenerTestSupport.TIMEOUT)
                    .until(() -> !registry.getListenerContainer("secret").refusedFilters().isEmpty());
            Map<String, Map<String, Object>> described = registry.describe();
            assertThat(described.get("secret")).containsEntry("refusedFilters", List.of("acl/secret/+"));
            assertThat(described.get("open")).doesNotContainKey("refusedFilters");
        });
    }

    @Test
    void theOtherListenersKeepReceivingAfterTheConnectionIsRenewedWithoutTheRefusedFilter() {
        runner.run(context -> {
            Service service = context.getBean(Service.class);
            await().atMost(ListenerTestSupport.TIMEOUT)
                    .until(() -> service.status().connectionAttempts() == 2 && service.isOnline());
            context.getBean(dev.mqttj.spring.core.MqttTemplate.class).publish("acl/open", "after-renewal");
            assertThat(context.getBean(Calls.class).await("open", 1)).containsExactly("after-renewal");
            assertThat(context.getBean(Calls.class).of("secret")).isEmpty();
        });
    }

    @Test
    void withoutValidateSubsTheOtherListenersKeepReceivingOnTheSameConnection() {
        runner.withPropertyValues("mqtt.validate-subs=false").run(context -> {
            ListenerTestSupport.templateOnceSubscribed(context).publish("acl/open", "still-here");
            assertThat(context.getBean(Calls.class).await("open", 1)).containsExactly("still-here");
            assertThat(context.getBean(Service.class).isOnline()).isTrue();
            assertThat(context.getBean(Calls.class).of("secret")).isEmpty();
        });
    }
}
