package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.awaitLatch;
import static dev.mqttj.client.FakeBrokerSupport.awaitThreadsGone;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.message;
import static dev.mqttj.client.FakeBrokerSupport.stored;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.MalformedPacketException;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.PacketIds;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Pubrel;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.packet.Unsuback;
import dev.mqttj.session.Direction;
import dev.mqttj.session.Session;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientPublishTest {

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void subscribesPublishesAndReceivesItsOwnMessage(int qos) throws Exception {
        String id = uniqueId("roundtrip" + qos);
        Message message = message("test", "test", qos);
        int publishId = qos == 0 ? 0 : 2;
        Publish publish = new Publish(message, false, publishId);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Subscribe(1, List.of(new Subscription("test", qos)))).send(new Suback(1, List.of(qos)))
                .receive(publish);
        if (qos == 1) {
            flow.send(new Puback(2)).send(publish).receive(new Puback(2));
        } else if (qos == 2) {
            flow.send(new Pubrec(2)).receive(new Pubrel(2)).send(new Pubcomp(2))
                    .send(publish).receive(new Pubrec(2)).send(new Pubrel(2)).receive(new Pubcomp(2));
        } else {
            flow.send(publish);
        }
        CountDownLatch exchanged = new CountDownLatch(1);
        flow.run(exchanged::countDown).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            SubscribeFuture subscribed = client.subscribe("test", qos);
            subscribed.await(WAIT);
            assertThat(subscribed.returnCodes()).containsExactly(qos);
            GenericFuture<Void> published = client.publish("test", "test".getBytes(), qos, false);
            published.await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(message);
            Session session = client.getSession();
            await().atMost(WAIT).until(() -> session.allPackets(Direction.INCOMING).isEmpty());
            assertThat(session.allPackets(Direction.OUTGOING)).isEmpty();
            awaitLatch(exchanged);
            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    @Test
    void qos0CompletesOnceWrittenWithoutAnyAcknowledgement() throws Exception {
        String id = uniqueId("qos0");
        Message message = message("a/b", "fire and forget", 0);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Publish(message, false, 0))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);

            GenericFuture<Void> future = client.publishMessage(message);

            assertThat(future.isDone()).isTrue();
            assertThat(future.isCancelled()).isFalse();
            assertThat(client.getSession().allPackets(Direction.OUTGOING)).isEmpty();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void qos1CompletesOnPubackAndIsStoredUntilThen() throws Exception {
        String id = uniqueId("qos1");
        Message message = message("a/b", "once at least", 1);
        Publish publish = new Publish(message, false, 1);
        CountDownLatch published = new CountDownLatch(1);
        AtomicReference<GenericFuture<Void>> future = new AtomicReference<>();
        AtomicReference<Client> client = new AtomicReference<>(new Client());
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(publish)
                .run(() -> {
                    awaitLatch(published);
                    check(!future.get().isDone(), "publish future must wait for PUBACK");
                    check(stored(client.get(), Direction.OUTGOING).equals(List.of(publish)),
                            "PUBLISH must be stored until PUBACK");
                })
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            client.get().connect(config(broker, id).build()).await(WAIT);

            future.set(client.get().publishMessage(message));
            published.countDown();
            future.get().await(WAIT);

            assertThat(future.get().isCancelled()).isFalse();
            assertThat(client.get().getSession().allPackets(Direction.OUTGOING)).isEmpty();
            client.get().disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void qos2CompletesOnPubcompAfterPubrecAndPubrel() throws Exception {
        String id = uniqueId("qos2");
        Message message = message("a/b", "exactly once", 2);
        CountDownLatch published = new CountDownLatch(1);
        AtomicReference<GenericFuture<Void>> future = new AtomicReference<>();
        Client client = new Client();
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Publish(message, false, 1))
                .run(() -> awaitLatch(published))
                .send(new Pubrec(1))
                .receive(new Pubrel(1))
                .run(() -> {
                    check(!future.get().isDone(), "publish future must wait for PUBCOMP");
                    check(stored(client, Direction.OUTGOING).equals(List.of(new Pubrel(1))),
                            "PUBREL must replace the stored PUBLISH");
                })
                .send(new Pubcomp(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            client.connect(config(broker, id).build()).await(WAIT);

            future.set(client.publishMessage(message));
            published.countDown();
            future.get().await(WAIT);

            assertThat(client.getSession().allPackets(Direction.OUTGOING)).isEmpty();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void incomingQos0IsAnnouncedAndNotAcknowledged() throws Exception {
        String id = uniqueId("in0");
        Message message = new Message("x/y", new byte[] {1, 2, 3}, 0, true);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message, false, 0))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(message);

            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void incomingQos1IsAnnouncedAndAcknowledgedWithPuback() throws Exception {
        String id = uniqueId("in1");
        Message message = message("x/y", "one", 1);
        CountDownLatch acked = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message, false, 7))
                .receive(new Puback(7)).run(acked::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(message);
            awaitLatch(acked);

            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void incomingQos2IsAnnouncedOnPubrelAndCompletedWithPubcomp() throws Exception {
        String id = uniqueId("in2");
        Message message = message("x/y", "two", 2);
        Recorder callback = new Recorder();
        Client client = new Client();
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message, false, 9))
                .receive(new Pubrec(9))
                .run(() -> {
                    check(callback.received.isEmpty(), "QoS 2 must not be announced before PUBREL");
                    check(!stored(client, Direction.INCOMING).isEmpty(),
                            "incoming PUBLISH must be stored until PUBREL");
                })
                .send(new Pubrel(9))
                .receive(new Pubcomp(9))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(message);
            await().atMost(WAIT).until(() -> client.getSession().allPackets(Direction.INCOMING).isEmpty());

            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void alwaysAnnounceOnPublishAnnouncesQos2BeforePubrec() throws Exception {
        String id = uniqueId("announce");
        Message message = message("x/y", "early", 2);
        Recorder callback = new Recorder();
        CountDownLatch completed = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message, false, 3))
                .receive(new Pubrec(3))
                .run(() -> check(callback.received.size() == 1, "QoS 2 must be announced on PUBLISH"))
                .send(new Pubrel(3))
                .receive(new Pubcomp(3))
                .run(completed::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).alwaysAnnounceOnPublish(true).build()).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(message);
            awaitLatch(completed);

            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.received).as("announced once, not again on PUBREL").hasSize(1);
        }
    }

    @Test
    void alwaysAnnounceDoesNotAnnounceARedeliveredQos2PublishTwice() throws Exception {
        String id = uniqueId("announce-dup");
        Message message = message("x/y", "exactly once", 2);
        CountDownLatch completed = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message, false, 4))
                .receive(new Pubrec(4))
                // As if the PUBREC got lost: the broker sends the PUBLISH again before PUBREL.
                .send(new Publish(message, true, 4))
                .receive(new Pubrec(4))
                .send(new Pubrel(4))
                .receive(new Pubcomp(4))
                .run(completed::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).alwaysAnnounceOnPublish(true).build()).await(WAIT);

            awaitLatch(completed);

            assertThat(callback.received).containsExactly(message);
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void redeliveredQos2PublishIsAnnouncedOnceOnPubrel() throws Exception {
        String id = uniqueId("pubrel-dup");
        Message message = message("x/y", "exactly once", 2);
        CountDownLatch completed = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message, false, 4))
                .receive(new Pubrec(4))
                .send(new Publish(message, true, 4))
                .receive(new Pubrec(4))
                .send(new Pubrel(4))
                .receive(new Pubcomp(4))
                .run(completed::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            awaitLatch(completed);

            assertThat(callback.received).containsExactly(message);
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void theCallbackMayPublishWithoutWaiting() throws Exception {
        String id = uniqueId("reply");
        Message request = message("req", "ping", 1);
        Message reply = message("resp", "pong", 1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(request, false, 10))
                .receive(new Publish(reply, false, 1))
                .receive(new Puback(10))
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            AtomicReference<Client> self = new AtomicReference<>();
            CompletableFuture<Void> replied = new CompletableFuture<>();
            Client client = new Client();
            self.set(client);
            client.setCallback((message, error) -> {
                if (message != null) {
                    // Chained, not awaited: the PUBACK can only be read once this callback returns.
                    self.get().publishMessage(reply).toCompletableFuture().whenComplete((ok, failure) -> {
                        if (failure == null) {
                            replied.complete(null);
                        } else {
                            replied.completeExceptionally(failure);
                        }
                    });
                }
            });
            client.connect(config(broker, id).build()).await(WAIT);

            replied.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void largePayloadsCrossInBothDirections() throws Exception {
        String id = uniqueId("large");
        byte[] bytes = new byte[1024 * 1024 + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Message big = new Message("big/data", bytes, 1, false);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Publish(big, false, 1)).send(new Puback(1))
                .send(new Publish(big, false, 2)).receive(new Puback(2))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            client.publishMessage(big).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(big);
            await().atMost(WAIT).until(() -> broker.transcript().stream().anyMatch(l -> l.contains("C->B Puback[id=2]")));
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void pubrelWithUnknownIdIsStillAnsweredWithPubcomp() throws Exception {
        String id = uniqueId("pubrel-unknown");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Pubrel(77))
                .receive(new Pubcomp(77))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            await().atMost(WAIT).until(() -> broker.transcript().stream().anyMatch(l -> l.contains("C->B Pubcomp")));

            assertThat(callback.received).isEmpty();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void acknowledgementsForUnknownIdsAndStrayPacketsAreIgnored() throws Exception {
        String id = uniqueId("invalid");
        Message alive = message("still/alive", "yes", 0);
        Message out = message("out", "after", 1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Puback(41))
                .send(new Pubcomp(42))
                .send(new Suback(43, List.of(0)))
                .send(new Unsuback(44))
                .send(new Subscribe(45, List.of(new Subscription("weird", 0))))
                .send(new Publish(alive, false, 0))
                .receive(new Publish(out, false, 1))
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(alive);
            assertThat(client.isConnected()).isTrue();
            client.publishMessage(out).await(WAIT);

            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    @Test
    void callbackThatThrowsOnQos1StopsTheClientWithoutPuback() throws Exception {
        String id = uniqueId("refuse1");
        Exception refusal = new Exception("refused by the application");
        CountDownLatch published = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .run(() -> awaitLatch(published))
                .send(new Publish(message("in", "bad", 1), false, 5))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder(refusal);
            List<String> lines = new CopyOnWriteArrayList<>();
            Client client = new Client();
            client.setCallback(callback);
            client.setLogger(lines::add);
            client.connect(config(broker, id).build()).await(WAIT);

            GenericFuture<Void> pending = client.publishMessage(message("out", "pending", 1));
            published.countDown();

            assertThatThrownBy(() -> pending.await(WAIT)).isInstanceOf(CancellationException.class)
                    .cause().isInstanceOf(ConnectionLostException.class).cause().isSameAs(refusal);
            broker.awaitDone(WAIT);
            assertThat(client.isConnected()).isFalse();
            client.close();
            assertThat(callback.received).hasSize(1);
            assertThat(callback.errors).as("the callback's own exception is not reported back to it").isEmpty();
            assertThat(lines).filteredOn(line -> line.startsWith("Connection to"))
                    .singleElement().asString().contains(refusal.getMessage());
            awaitThreadsGone(id);
        }
    }

    @Test
    void callbackThatThrowsOnQos2StopsTheClientWithoutPubcomp() throws Exception {
        String id = uniqueId("refuse2");
        RuntimeException refusal = new IllegalStateException("cannot store it");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message("in", "bad", 2), false, 6))
                .receive(new Pubrec(6))
                .send(new Pubrel(6))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder(refusal);
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            broker.awaitDone(WAIT);

            await().atMost(WAIT).until(() -> !client.isConnected());
            assertThat(callback.received).hasSize(1);
            assertThat(callback.errors).isEmpty();
            client.close();
        }
    }

    @Test
    void callbackThatThrowsWithAlwaysAnnounceStopsTheClientWithoutPubrec() throws Exception {
        String id = uniqueId("refuse2-early");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message("in", "bad", 2), false, 6))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder(new Exception("no"));
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).alwaysAnnounceOnPublish(true).build()).await(WAIT);

            broker.awaitDone(WAIT);

            await().atMost(WAIT).until(() -> !client.isConnected());
            assertThat(callback.received).hasSize(1);
            assertThat(callback.errors).isEmpty();
            client.close();
        }
    }

    @Test
    void packetBiggerThanTheReadLimitClosesTheClient() throws Exception {
        String id = uniqueId("read-limit");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(new Message("big", new byte[200], 0, false), false, 0))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).readLimit(64).build()).await(WAIT);

            Throwable error = callback.awaitError();

            assertThat(error).isInstanceOf(MalformedPacketException.class);
            assertThat(callback.received).isEmpty();
            broker.awaitDone(WAIT);
            assertThat(client.isConnected()).isFalse();
            client.close();
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void readLimitCountsTheRemainingLength() throws Exception {
        String id = uniqueId("read-limit-edge");
        // Topic "t" takes 3 bytes of remaining length, so 61 payload bytes hit a limit of 64 exactly.
        Message fits = new Message("t", new byte[61], 0, false);
        Message tooBig = new Message("t", new byte[62], 0, false);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(fits, false, 0))
                .send(new Publish(tooBig, false, 0))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).readLimit(64).build()).await(WAIT);

            assertThat(callback.nextMessage()).isEqualTo(fits);
            assertThat(callback.awaitError()).isInstanceOf(MalformedPacketException.class);

            assertThat(callback.received).containsExactly(fits);
            broker.awaitDone(WAIT);
            client.close();
        }
    }

    @Test
    void runningOutOfPacketIdsFailsThePublishButKeepsTheClient() throws Exception {
        String id = uniqueId("ids");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).skip(PacketType.PUBLISH).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            byte[] payload = new byte[0];
            for (int i = PacketIds.MIN; i <= PacketIds.MAX; i++) {
                client.publish("t", payload, 1, false);
            }

            assertThatThrownBy(() -> client.publish("t", payload, 1, false))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("packet ids");

            assertThat(client.isConnected()).isTrue();
            assertThat(client.getSession().allPackets(Direction.OUTGOING)).hasSize(PacketIds.MAX);
            client.close();
            broker.awaitDone(WAIT);
        }
    }
}
