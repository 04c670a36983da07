package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.RESUMED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.awaitLatch;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.message;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Pubrel;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

    @Test
    void storedPacketsAreResentAfterConnackWithDupInTheirOriginalOrder() throws Exception {
        String id = uniqueId("resume");
        Message first = message("t/1", "first", 1);
        Message second = message("t/2", "second", 2);
        MemorySession session = new MemorySession();
        // Stored out of id order, so resending in id order would be caught.
        session.savePacket(Direction.OUTGOING, new Publish(first, false, 3));
        session.savePacket(Direction.OUTGOING, new Publish(second, false, 1));
        session.savePacket(Direction.OUTGOING, new Pubrel(2));
        CountDownLatch acknowledged = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(RESUMED)
                .receive(new Publish(first, true, 3))
                .receive(new Publish(second, true, 1))
                .receive(new Pubrel(2))
                .send(new Puback(3))
                .send(new Pubrec(1)).receive(new Pubrel(1)).send(new Pubcomp(1))
                .send(new Pubcomp(2))
                .run(acknowledged::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.setSession(session);

            ConnectFuture future = client.connect(config(broker, id).cleanSession(false).build());
            future.await(WAIT);
            awaitLatch(acknowledged);

            assertThat(future.sessionPresent()).isTrue();
            await().atMost(WAIT).until(() -> session.allPackets(Direction.OUTGOING).isEmpty());
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void newPublishesSkipTheIdsOfStoredPackets() throws Exception {
        String id = uniqueId("ids");
        Message stored = message("old", "stored", 1);
        Message fresh = message("new", "fresh", 1);
        MemorySession session = new MemorySession();
        session.savePacket(Direction.OUTGOING, new Publish(stored, false, 1));
        CountDownLatch resent = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(RESUMED)
                .receive(new Publish(stored, true, 1))
                .run(resent::countDown)
                .receive(new Publish(fresh, false, 2))
                .send(new Puback(2))
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.setSession(session);
            client.connect(config(broker, id).cleanSession(false).build()).await(WAIT);
            awaitLatch(resent);

            client.publishMessage(fresh).await(WAIT);

            await().atMost(WAIT).until(() -> session.allPackets(Direction.OUTGOING).isEmpty());
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void cleanSessionDiscardsStoredPacketsInsteadOfResendingThem() throws Exception {
        String id = uniqueId("clean");
        MemorySession session = new MemorySession();
        session.savePacket(Direction.OUTGOING, new Publish(message("old", "stale", 1), false, 1));
        session.savePacket(Direction.INCOMING, new Publish(message("in", "stale", 2), false, 4));
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.setSession(session);

            client.connect(config(broker, id).build()).await(WAIT);

            assertThat(session.allPackets(Direction.OUTGOING)).isEmpty();
            assertThat(session.allPackets(Direction.INCOMING)).isEmpty();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void unacknowledgedQos1IsResentWithDupByTheNextClientOfTheSession() throws Exception {
        String id = uniqueId("resend1");
        Message message = message("t", "again", 1);
        MemorySession session = new MemorySession();
        Flow first = Flow.create("first").receive(connect(id, 30, false)).send(ACCEPTED)
                .receive(new Publish(message, false, 1))
                .close();
        CountDownLatch acknowledged = new CountDownLatch(1);
        Flow second = Flow.create("second").receive(connect(id, 30, false)).send(RESUMED)
                .receive(new Publish(message, true, 1))
                .send(new Puback(1))
                .run(acknowledged::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Config config = config(broker, id).cleanSession(false).build();
            Recorder callback = new Recorder();
            Client before = new Client();
            before.setSession(session);
            before.setCallback(callback);
            before.connect(config).await(WAIT);
            GenericFuture<Void> lost = before.publishMessage(message);
            callback.awaitError();
            assertThatThrownBy(() -> lost.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(new Publish(message, false, 1));

            Client after = new Client();
            after.setSession(session);
            after.connect(config).await(WAIT);
            awaitLatch(acknowledged);

            await().atMost(WAIT).until(() -> session.allPackets(Direction.OUTGOING).isEmpty());
            after.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void storedPubrelIsResentByTheNextClientOfTheSession() throws Exception {
        String id = uniqueId("resend-pubrel");
        Message message = message("t", "twice", 2);
        MemorySession session = new MemorySession();
        Flow first = Flow.create("first").receive(connect(id, 30, false)).send(ACCEPTED)
                .receive(new Publish(message, false, 1))
                .send(new Pubrec(1))
                .receive(new Pubrel(1))
                .close();
        CountDownLatch completed = new CountDownLatch(1);
        Flow second = Flow.create("second").receive(connect(id, 30, false)).send(RESUMED)
                .receive(new Pubrel(1))
                .send(new Pubcomp(1))
                .run(completed::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Config config = config(broker, id).cleanSession(false).build();
            Recorder callback = new Recorder();
            Client before = new Client();
            before.setSession(session);
            before.setCallback(callback);
            before.connect(config).await(WAIT);
            GenericFuture<Void> lost = before.publishMessage(message);
            callback.awaitError();
            assertThatThrownBy(() -> lost.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThat(session.allPackets(Direction.OUTGOING)).containsExactly(new Pubrel(1));

            Client after = new Client();
            after.setSession(session);
            after.connect(config).await(WAIT);
            awaitLatch(completed);

            await().atMost(WAIT).until(() -> session.allPackets(Direction.OUTGOING).isEmpty());
            after.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void incomingQos2ReceivedBeforeAReconnectIsAnnouncedOnPubrelAfterIt() throws Exception {
        String id = uniqueId("resume-in");
        Message message = message("in", "held", 2);
        MemorySession session = new MemorySession();
        Flow first = Flow.create("first").receive(connect(id, 30, false)).send(ACCEPTED)
                .send(new Publish(message, false, 5))
                .receive(new Pubrec(5))
                .close();
        Flow second = Flow.create("second").receive(connect(id, 30, false)).send(RESUMED)
                .send(new Pubrel(5))
                .receive(new Pubcomp(5))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Config config = config(broker, id).cleanSession(false).build();
            Recorder beforeCallback = new Recorder();
            Client before = new Client();
            before.setSession(session);
            before.setCallback(beforeCallback);
            before.connect(config).await(WAIT);
            beforeCallback.awaitError();
            assertThat(beforeCallback.received).isEmpty();
            assertThat(session.allPackets(Direction.INCOMING)).containsExactly(new Publish(message, false, 5));

            Recorder afterCallback = new Recorder();
            Client after = new Client();
            after.setSession(session);
            after.setCallback(afterCallback);
            after.connect(config).await(WAIT);

            assertThat(afterCallback.nextMessage()).isEqualTo(message);
            await().atMost(WAIT).until(() -> session.allPackets(Direction.INCOMING).isEmpty());
            after.disconnect();
            broker.awaitDone(WAIT);
        }
    }
}
