package dev.mqttj.client;

import static dev.mqttj.client.ServiceEvents.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link Callback}, {@link MessageCallback} and {@link ReceivedMessage#deferAcknowledgement()} promise
 * about redelivery, against Mosquitto: a refused or unacknowledged message comes again to the next connection
 * that resumes the session, an acknowledged one does not, and a clean session discards it.
 */
class RedeliveryTest {

    private static MosquittoBroker broker;
    private final List<Service> services = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.builder().setting("max_queued_messages", "0").start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopAll() {
        services.forEach(service -> service.stop(true));
    }

    private Service service(MessageHandler handler) {
        Service service = new Service();
        service.setMinReconnectDelay(Duration.ofMillis(10));
        service.setMaxReconnectDelay(Duration.ofMillis(100));
        service.setConnectTimeout(Duration.ofSeconds(2));
        service.setMessageHandler(handler);
        services.add(service);
        return service;
    }

    private static Config session(String clientId, boolean clean, boolean announceOnPublish) throws Exception {
        Helpers.clearSession(Config.withClientId(broker.url(), clientId), WAIT);
        return Config.builder(broker.url()).clientId(clientId).cleanSession(clean)
                .alwaysAnnounceOnPublish(announceOnPublish).build();
    }

    private static void publish(String topic, String payload, int qos) throws Exception {
        Helpers.publishMessage(Config.of(broker.url()),
                new Message(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false), WAIT);
    }

    @ParameterizedTest(name = "QoS {0}, announced on PUBLISH: {1}, redelivered with DUP: {2}")
    @CsvSource({"1, false, true", "2, false, false", "2, true, true"})
    void aRefusedMessageComesAgainToTheResumedSession(int qos, boolean announceOnPublish, boolean dup) throws Exception {
        String topic = "redelivery/" + qos + "/" + announceOnPublish;
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        Service service = service(message -> {
            deliveries.add(message);
            if (deliveries.size() == 1) {
                throw new IllegalStateException("refused once");
            }
        });
        service.start(session("redelivery-" + qos + "-" + announceOnPublish, false, announceOnPublish));
        service.subscribe(topic, qos).await(WAIT);

        publish(topic, "job", qos);

        await().atMost(WAIT).until(() -> deliveries.size() >= 2);
        assertThat(deliveries).extracting(d -> d.message().payloadAsString()).containsExactly("job", "job");
        assertThat(deliveries.get(0).duplicate()).isFalse();
        assertThat(deliveries.get(1).duplicate()).isEqualTo(dup);
        assertThat(deliveries.get(1).message().qos()).isEqualTo(qos);
    }

    @Test
    void aRefusalInsideTheHandlerRenewsTheConnectionAndTheMessageComesAgain() throws Exception {
        String topic = "redelivery/refused-inside";
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Service service = service(message -> {
            deliveries.add(message);
            if (deliveries.size() == 1) {
                message.deferAcknowledgement().refuse(new IllegalStateException("not now"));
            }
        });
        service.setErrorCallback(errors::add);
        service.start(session("redelivery-refused-inside", false, false));
        service.subscribe(topic, 1).await(WAIT);

        publish(topic, "job", 1);

        await().atMost(WAIT).until(() -> deliveries.size() >= 2);
        assertThat(deliveries.get(1).duplicate()).isTrue();
        assertThat(errors).anySatisfy(error -> assertThat(error).hasRootCauseMessage("not now"));
    }

    @Test
    void aCleanSessionDoesNotGetTheRefusedMessageAgain() throws Exception {
        String topic = "redelivery/clean";
        List<String> payloads = new CopyOnWriteArrayList<>();
        Service service = service(message -> {
            payloads.add(message.message().payloadAsString());
            if (payloads.size() == 1) {
                throw new IllegalStateException("refused once");
            }
        });
        List<Boolean> online = new CopyOnWriteArrayList<>();
        service.setOnlineCallback(online::add);
        service.start(session("redelivery-clean", true, false));
        service.subscribe(topic, 1).await(WAIT);

        publish(topic, "job", 1);
        await().atMost(WAIT).until(() -> online.size() >= 2);
        // Resubscribed on the new connection before it went online past its queue: the marker must arrive.
        await().atMost(WAIT).until(() -> service.isOnline());
        publish(topic, "marker", 1);

        await().atMost(WAIT).until(() -> payloads.contains("marker"));
        assertThat(payloads).containsExactly("job", "marker");
    }

    @Test
    void aDeferredAcknowledgementFromAnotherThreadIsNotRedelivered() throws Exception {
        String topic = "deferred/acknowledged";
        List<String> payloads = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        Service service = service(message -> {
            payloads.add(message.message().payloadAsString());
            Acknowledgement ack = message.deferAcknowledgement();
            Thread thread = new Thread(ack::acknowledge, "worker");
            worker.set(thread);
            thread.start();
        });
        Config config = session("deferred-acknowledged", false, false);
        service.start(config);
        service.subscribe(topic, 1).await(WAIT);

        publish(topic, "job", 1);
        await().atMost(WAIT).until(() -> worker.get() != null);
        worker.get().join(WAIT.toMillis());
        service.stop(true);
        service.start(config);
        publish(topic, "marker", 1);

        await().atMost(WAIT).until(() -> payloads.contains("marker"));
        assertThat(payloads).containsExactly("job", "marker");
    }

    @Test
    void aDeferredAcknowledgementNeverGivenIsRedeliveredAfterTheReconnect() throws Exception {
        String topic = "deferred/forgotten";
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        Service service = service(message -> {
            deliveries.add(message);
            if (deliveries.size() == 1) {
                message.deferAcknowledgement(); // and never acknowledged
            }
        });
        Config config = session("deferred-forgotten", false, false);
        service.start(config);
        service.subscribe(topic, 1).await(WAIT);

        publish(topic, "job", 1);
        await().atMost(WAIT).until(() -> deliveries.size() == 1);
        service.stop(true);
        service.start(config);

        await().atMost(WAIT).until(() -> deliveries.size() >= 2);
        assertThat(deliveries.get(1).message().payloadAsString()).isEqualTo("job");
        assertThat(deliveries.get(1).duplicate()).isTrue();
    }
}
