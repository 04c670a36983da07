package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.listener.MqttListenerDispatcher;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import dev.mqttj.testing.MosquittoBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Listeners keep receiving across a Mosquitto crash and across a restart of the application, against a
 * Mosquitto with persistence.
 */
class MqttListenerBrokerRestartTests {

    static MosquittoBroker broker;

    @BeforeAll
    static void startMosquitto() {
        broker = MosquittoBroker.builder().persistence(true).start();
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.close();
        }
    }

    static class Listener extends Recording {

        @MqttListener(topics = "restart/+", id = "restart")
        void on(String value) {
            calls.add("restart", value);
        }
    }

    private ApplicationContextRunner runner(String clientId, boolean cleanSession) {
        return ListenerTestSupport.runner(broker.url()).withBean(Listener.class)
                .withPropertyValues("mqtt.client-id=" + clientId, "mqtt.clean-session=" + cleanSession);
    }

    @Test
    void withACleanSessionTheListenerIsSubscribedAgainAfterTheBrokerWasKilled() {
        runner("restart-clean", true).run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            broker.kill();
            broker.start();
            Service service = context.getBean(Service.class);
            // Online means connected and past resubscribing: the broker has the subscription again.
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(service::isOnline);
            try (MqttTestPublisher publisher = new MqttTestPublisher(broker.url())) {
                publisher.publish("restart/a", "after-crash", 1);
            }
            assertThat(context.getBean(Calls.class).await("restart", 1)).containsExactly("after-crash");
        });
    }

    @Test
    void withAPersistentSessionMessagesPublishedWhileTheBrokerWasDownArriveAfterItCameBack() {
        runner("restart-persistent", false).run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            broker.save();
            broker.kill();
            broker.start();
            // Published before this application is back: the broker queues them for its persistent session.
            try (MqttTestPublisher publisher = new MqttTestPublisher(broker.url())) {
                publisher.publish("restart/a", "queued-1", 1);
                publisher.publish("restart/b", "queued-2", 1);
            }
            assertThat(context.getBean(Calls.class).await("restart", 2)).containsExactly("queued-1", "queued-2");
        });
    }

    @Test
    void withAPersistentSessionStoppingTheApplicationKeepsTheSubscriptionAndItsMessages() throws Exception {
        ApplicationContextRunner application = runner("restart-app", false);
        application.run(ListenerTestSupport::awaitSubscribed);
        try (MqttTestPublisher publisher = new MqttTestPublisher(broker.url())) {
            publisher.publish("restart/a", "while-away-1", 1);
            publisher.publish("restart/a", "while-away-2", 1);
        }
        application.run(context -> assertThat(context.getBean(Calls.class).await("restart", 2))
                .containsExactly("while-away-1", "while-away-2"));
    }

    @Test
    void withAPersistentSessionMessagesThatArriveWhileTheListenersAreStoppedComeAgainWhenTheyStart() {
        runner("restart-held", false).run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            // As at shutdown: the listeners stop first, the connection (and its subscription) stays.
            registry.stop();
            try (MqttTestPublisher publisher = new MqttTestPublisher(broker.url())) {
                publisher.publish("restart/a", "held", 1);
            }
            // It reached the application while its listeners were stopped, and was kept unacknowledged.
            MqttListenerDispatcher dispatcher = context.getBean(MqttListenerDispatcher.class);
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(() -> dispatcher.heldCount() == 1);
            Calls calls = context.getBean(Calls.class);
            registry.start();
            assertThat(calls.await("restart", 1)).containsExactly("held");
        });
    }
}
