package dev.mqttj.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Service;
import dev.mqttj.spring.core.SimpleMqttPayloadConverter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry alone: when it asks for its method factory, and what it answers without listeners. */
class MqttListenerEndpointRegistryTests {

    private final AtomicInteger factoryRequests = new AtomicInteger();

    private final MqttListenerEndpointRegistry registry = new MqttListenerEndpointRegistry(new Service(),
            new MqttListenerDispatcher(false, Duration.ZERO), () -> {
                factoryRequests.incrementAndGet();
                MqttMessageHandlerMethodFactory factory = new MqttMessageHandlerMethodFactory(
                        new SimpleMqttPayloadConverter(), null, null);
                factory.afterPropertiesSet();
                return factory;
            }, MqttListenerErrorHandler.logAndAcknowledge(), null, id -> Thread::new);

    static class Target {

        void on(String payload) {
        }
    }

    private MqttListenerEndpoint endpoint(String id) throws NoSuchMethodException {
        return MqttListenerEndpoint.builder(id, new Target(), Target.class.getDeclaredMethod("on", String.class))
                .topics("t/" + id).autoStartup(false).build();
    }

    @Test
    void startingWithoutListenersDoesNotAskForTheMethodFactory() {
        registry.start();
        assertThat(factoryRequests).hasValue(0);
    }

    @Test
    void asksForTheMethodFactoryOnceWhenListenersRegister() throws Exception {
        registry.registerListener(endpoint("a"));
        registry.registerListener(endpoint("b"));
        assertThat(factoryRequests).hasValue(1);
    }

    @Test
    void withoutListenersTheSubscriptionsAreAnsweredOnStart() {
        registry.start();
        assertThat(registry.subscriptions()).isCompletedWithValue(null);
    }

    @Test
    void theSubscriptionsAskedForBeforeTheStartCompleteWithIt() {
        var subscriptions = registry.subscriptions();
        assertThat(subscriptions).isNotDone();
        registry.start();
        assertThat(subscriptions).isCompletedWithValue(null);
    }

    @Test
    void aRestartWithoutListenersAnswersAgain() {
        registry.start();
        registry.subscriptions();
        registry.stop();
        registry.start();
        assertThat(registry.subscriptions()).isCompletedWithValue(null);
    }
}
