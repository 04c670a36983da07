package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttHeaders;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.MqttListenerErrorHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Listener behaviour that depends on what a real broker does, against Mosquitto: overlapping subscriptions
 * delivered once per subscription, retained messages, shared subscriptions across two applications, and
 * redelivery of refused messages to a persistent session.
 */
class MqttListenerMosquittoTests extends MosquittoApplicationTests {

    private ApplicationContextRunner runner(String clientId) {
        return ListenerTestSupport.runner(broker.url()).withPropertyValues("mqtt.client-id=" + clientId);
    }

    /** Five listeners on one method: the repeatable annotation declares one listener each. */
    static class OverlappingListeners extends Recording {

        @MqttListener(topics = "ov/+", id = "plus")
        @MqttListener(topics = "ov/#", id = "hash")
        @MqttListener(topics = { "ov/a", "ov/+" }, id = "both")
        @MqttListener(topics = "ov/+/c", id = "left")
        @MqttListener(topics = "ov/b/+", id = "right")
        void on(String value, @Header(MqttHeaders.LISTENER_ID) String listener) {
            calls.add(listener, value);
        }
    }

    @Test
    void eachListenerGetsAMessageOnceWhenFiltersOverlap() {
        runner("overlap").withBean(OverlappingListeners.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publish("ov/a", "1");
            template.publish("ov/b/c", "2");
            // Mosquitto sends a message once per matching subscription, in order: once "end" arrived, any
            // duplicate of the earlier messages would have arrived before it.
            template.publish("ov/end", "end");
            Calls calls = context.getBean(Calls.class);
            calls.await("hash", 3);
            assertThat(Map.of("plus", calls.of("plus"), "hash", calls.of("hash"), "both", calls.of("both"),
                    "left", calls.of("left"), "right", calls.of("right"))).isEqualTo(Map.of(
                            "plus", List.of("1", "end"), "hash", List.of("1", "2", "end"),
                            "both", List.of("1", "end"), "left", List.of("2"), "right", List.of("2")));
        });
    }

    static class RetainedListener extends Recording {

        @MqttListener(topics = "retained/+", id = "retained")
        void retained(String value, @Header(MqttHeaders.RETAINED) boolean retained) {
            calls.add("retained", value + " retained=" + retained);
        }
    }

    @Test
    void aRetainedMessageSentOnSubscribingCarriesTheRetainedHeader() {
        runner("retain-publisher").run(publisher -> publisher.getBean(MqttTemplate.class)
                .publishAndWait("retained/a", "kept", 1, true, Duration.ofSeconds(10)));
        runner("retain-listener").withBean(RetainedListener.class).run(context -> {
            List<String> calls = context.getBean(Calls.class).await("retained", 1);
            context.getBean(MqttTemplate.class).publishAndWait("retained/a", new byte[0], 1, true,
                    Duration.ofSeconds(10));
            assertThat(calls).containsExactly("kept retained=true");
        });
    }

    static class SharedListener extends Recording {

        @MqttListener(topics = "jobs/+", group = "${workers.group}", id = "worker")
        void work(String job) {
            calls.add("worker", job);
        }
    }

    @Test
    void aSharedGroupSplitsTheMessagesBetweenTwoApplications() {
        ApplicationContextRunner workers = ListenerTestSupport.runner(broker.url()).withBean(SharedListener.class)
                .withPropertyValues("workers.group=workers");
        workers.withPropertyValues("mqtt.client-id=worker-1").run(first -> workers
                .withPropertyValues("mqtt.client-id=worker-2").run(second -> {
                    ListenerTestSupport.awaitSubscribed(first);
                    ListenerTestSupport.awaitSubscribed(second);
                    MqttTemplate template = first.getBean(MqttTemplate.class);
                    Set<String> sent = new HashSet<>();
                    for (int i = 0; i < 40; i++) {
                        template.publish("jobs/" + (i % 4), "job-" + i);
                        sent.add("job-" + i);
                    }
                    Calls one = first.getBean(Calls.class);
                    Calls two = second.getBean(Calls.class);
                    Awaitility.await().atMost(ListenerTestSupport.TIMEOUT)
                            .until(() -> one.of("worker").size() + two.of("worker").size() >= sent.size());
                    List<String> handled = new ArrayList<>(one.of("worker"));
                    handled.addAll(two.of("worker"));
                    // Exactly once across both, and the broker really split them.
                    assertThat(List.<Object>of(handled.size(), new HashSet<>(handled), one.of("worker").isEmpty(),
                            two.of("worker").isEmpty())).containsExactly(40, sent, false, false);
                }));
    }

    static class FailingOnceListener extends Recording {

        private final Set<String> failed = ConcurrentHashMap.newKeySet();

        @MqttListener(topics = "redeliver/#", qos = "2", id = "flaky", errorHandler = "redeliverAll",
                concurrency = "${flaky.concurrency}")
        void flaky(String value, @Header(MqttHeaders.QOS) int qos) {
            boolean first = failed.add(value);
            calls.add("flaky", value + "/qos" + qos + (first ? " failed" : " ok"));
            if (first) {
                throw new IllegalStateException("first attempt at " + value + " fails");
            }
        }
    }

    @ParameterizedTest(name = "always-announce={0}, concurrency={1}")
    @CsvSource({ "false, 1", "true, 1", "false, 3", "true, 3" })
    void aListenerThatFailsGetsTheMessageAgainWhenItsErrorHandlerAsksForRedelivery(boolean alwaysAnnounce,
            int concurrency) {
        runner("redeliver-" + alwaysAnnounce + "-" + concurrency).withBean(FailingOnceListener.class)
                .withPropertyValues("mqtt.clean-session=false", "flaky.concurrency=" + concurrency)
                .withBean("redeliverAll", MqttListenerErrorHandler.class, MqttListenerErrorHandler::redeliver)
                .withBean(MqttConfigCustomizer.class, () -> builder -> builder.alwaysAnnounceOnPublish(alwaysAnnounce))
                .run(context -> {
                    ListenerTestSupport.awaitSubscribed(context);
                    Calls calls = context.getBean(Calls.class);
                    try (MqttTestPublisher publisher = new MqttTestPublisher(broker.url())) {
                        publisher.publish("redeliver/1", "one", 1);
                        calls.await("flaky", 2);
                        publisher.publish("redeliver/2", "two", 2);
                        calls.await("flaky", 4);
                        publisher.publish("redeliver/end", "end", 1);
                    }
                    assertThat(calls.await("flaky", 6)).containsExactly("one/qos1 failed", "one/qos1 ok",
                            "two/qos2 failed", "two/qos2 ok", "end/qos1 failed", "end/qos1 ok");
                });
    }
}
