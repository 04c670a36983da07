package dev.mqttj.client;

import static dev.mqttj.client.ServiceEvents.WAIT;
import static dev.mqttj.client.ServicePackets.connack;
import static dev.mqttj.client.ServicePackets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Message;
import dev.mqttj.testing.EmbeddedBroker;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code publishMessage(message, whenDone)}: the action registered with the publish, on a real broker and a full queue. */
class PublishCallbackTest {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startDefault();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Records each outcome with whether the returned future was already done when the action ran. */
    private static final class Outcomes implements BiConsumer<Void, MqttClientException> {

        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile GenericFuture<Void> future;

        @Override
        public void accept(Void result, MqttClientException failure) {
            GenericFuture<Void> returned = future;
            seen.add((failure == null ? "done" : failure.getClass().getSimpleName())
                    + (returned == null || returned.isDone() ? "" : " before its future"));
        }
    }

    private static Message message(String topic, String text, int qos) {
        return new Message(topic, text.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    @Test
    void aServiceCallsTheActionOnceThePublishIsDoneAtEveryQos() throws Exception {
        String topic = "callback/" + System.nanoTime();
        Service service = new Service();
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch online = new CountDownLatch(1);
        service.setOnlineCallback(resumed -> online.countDown());
        service.setMessageCallback(message -> received.add(message.topic() + "=" + new String(message.payload(),
                StandardCharsets.UTF_8)));
        service.start(Config.withClientId(broker.url(), "callback-" + System.nanoTime()));
        try {
            assertThat(online.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            service.subscribe(topic, 2).await(WAIT);
            for (int qos = 0; qos <= 2; qos++) {
                Outcomes outcomes = new Outcomes();
                GenericFuture<Void> future = service.publishMessage(message(topic, "q" + qos, qos), outcomes);
                outcomes.future = future;
                future.await(WAIT);
                await().atMost(WAIT).until(() -> outcomes.seen.size() == 1);
                assertThat(outcomes.seen).as("QoS %d", qos).containsExactly("done");
            }
            await().atMost(WAIT).until(() -> received.size() == 3);
            assertThat(received).containsExactly(topic + "=q0", topic + "=q1", topic + "=q2");
        } finally {
            service.stop(true);
        }
    }

    @Test
    void aServiceReportsAQueueThatStayedFullToTheAction() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Flow flow = Flow.create()
                .receive(connect())
                .run(() -> {
                    try {
                        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .send(connack())
                .receiveAny(dev.mqttj.packet.PacketType.PUBLISH)
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker fake = FakeBroker.start(flow)) {
            Service service = new Service(1);
            service.setQueueTimeout(Duration.ofMillis(50));
            service.start(ServicePackets.config(fake.url()));
            try {
                Outcomes queued = new Outcomes();
                Outcomes rejected = new Outcomes();
                GenericFuture<Void> first = service.publishMessage(message("q", "1", 0), queued);
                GenericFuture<Void> second = service.publishMessage(message("q", "2", 0), rejected);

                assertThatThrownBy(() -> second.await(WAIT)).hasCauseInstanceOf(QueueFullException.class);
                await().atMost(WAIT).until(() -> rejected.seen.size() == 1);
                assertThat(rejected.seen).containsExactly("QueueFullException");
                release.countDown();
                first.await(WAIT);
                await().atMost(WAIT).until(() -> queued.seen.size() == 1);
                assertThat(queued.seen).containsExactly("done");
            } finally {
                service.stop(true);
            }
            fake.awaitDone(WAIT);
        }
    }

    @Test
    void aClientCallsTheActionForQos0BeforeReturningAndForQos1OnTheAcknowledgement() throws Exception {
        String topic = "callback/client/" + System.nanoTime();
        Client client = new Client();
        List<String> received = new CopyOnWriteArrayList<>();
        client.setCallback((message, error) -> {
            if (message != null) {
                received.add(new String(message.payload(), StandardCharsets.UTF_8));
            }
        });
        client.connect(Config.withClientId(broker.url(), "callback-client-" + System.nanoTime())).await(WAIT);
        try {
            client.subscribe(topic, 1).await(WAIT);
            Thread caller = Thread.currentThread();
            List<Thread> ranOn = new CopyOnWriteArrayList<>();
            client.publishMessage(message(topic, "zero", 0), (result, failure) -> ranOn.add(Thread.currentThread()));
            assertThat(ranOn).containsExactly(caller);

            Outcomes outcomes = new Outcomes();
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            GenericFuture<Void> future = client.publishMessage(message(topic, "one", 1), (result, failure) -> {
                outcomes.accept(result, failure);
                acknowledged.complete(null);
            });
            acknowledged.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(future.isDone()).isTrue();
            assertThat(outcomes.seen).containsExactly("done");
            await().atMost(WAIT).until(() -> received.size() == 2);
            assertThat(received).containsExactly("zero", "one");
        } finally {
            client.disconnect(Duration.ZERO);
        }
    }

    @Test
    void anActionThatThrowsDoesNotHurtTheConnection() throws Exception {
        String topic = "callback/throws/" + System.nanoTime();
        Service service = new Service();
        CountDownLatch online = new CountDownLatch(1);
        service.setOnlineCallback(resumed -> online.countDown());
        service.start(Config.withClientId(broker.url(), "callback-throws-" + System.nanoTime()));
        try {
            assertThat(online.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            service.publishMessage(message(topic, "a", 1), (result, failure) -> {
                throw new IllegalStateException("action failed");
            }).await(WAIT);
            Outcomes after = new Outcomes();
            service.publishMessage(message(topic, "b", 1), after).await(WAIT);
            await().atMost(WAIT).until(() -> after.seen.size() == 1);
            assertThat(after.seen).containsExactly("done");
            assertThat(service.isOnline()).isTrue();
        } finally {
            service.stop(true);
        }
    }

    @Test
    void nullArgumentsAreRefusedBeforeAnythingIsSent() {
        Service service = new Service();
        assertThatThrownBy(() -> service.publishMessage(message("t", "x", 0), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("whenDone");
        assertThatThrownBy(() -> service.publishMessage(null, (result, failure) -> { }))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
    }
}
