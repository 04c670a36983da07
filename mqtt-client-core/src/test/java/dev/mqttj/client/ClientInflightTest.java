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

import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Pubrel;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The outgoing in-flight limit against scripted brokers. A broker only ever reads the next packet, so
 * to show that a PUBLISH was not written early each flow makes the client write something unlimited
 * right after (a QoS 0 marker, or the PUBACK of an incoming message): a PUBLISH written too early would
 * arrive before it.
 */
class ClientInflightTest {

    private static final Message INCOMING = message("in", "probe", 1);

    private static Publish publish(int id, int qos, boolean dup) {
        return new Publish(message("t", "m" + id, qos), dup, id);
    }

    /** An incoming QoS 1 message the reader answers with PUBACK once it handled everything before it. */
    private static Publish probe(int id) {
        return new Publish(INCOMING, false, id);
    }

    @Test
    void qos1PublishesBeyondTheLimitWaitForPubacksAndKeepTheirOrder() throws Exception {
        String id = uniqueId("inflight1");
        Message marker = message("marker", "after all", 0);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(publish(1, 1, false))
                .receive(publish(2, 1, false))
                .receive(new Publish(marker, false, 0))
                .send(new Puback(1))
                .receive(publish(3, 1, false))
                .send(probe(9)).receive(new Puback(9))
                .send(new Puback(2))
                .receive(publish(4, 1, false))
                .send(new Puback(3))
                .receive(publish(5, 1, false))
                .send(new Puback(4)).send(new Puback(5))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).maxInflight(2).build()).await(WAIT);

            List<GenericFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                futures.add(client.publishMessage(message("t", "m" + i, 1)));
            }
            assertThat(futures.subList(2, 5)).noneMatch(GenericFuture<Void>::isDone);
            assertThat(client.getSession().allPackets(Direction.OUTGOING)).hasSize(5);
            client.publishMessage(marker);
            for (GenericFuture<Void> future : futures) {
                future.await(WAIT);
                assertThat(future.isCancelled()).isFalse();
            }

            assertThat(client.getSession().allPackets(Direction.OUTGOING)).isEmpty();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void aQos2PublishHoldsItsPlaceUntilPubcomp() throws Exception {
        String id = uniqueId("inflight2");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(publish(1, 2, false))
                .send(probe(9)).receive(new Puback(9))
                .send(new Pubrec(1))
                .receive(new Pubrel(1))
                // Handled after the PUBREC: a PUBLISH written on PUBREC would arrive before this PUBACK.
                .send(probe(10)).receive(new Puback(10))
                .send(new Pubcomp(1))
                .receive(publish(2, 2, false))
                .send(new Pubrec(2)).receive(new Pubrel(2)).send(new Pubcomp(2))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).maxInflight(1).build()).await(WAIT);

            GenericFuture<Void> first = client.publishMessage(message("t", "m1", 2));
            GenericFuture<Void> second = client.publishMessage(message("t", "m2", 2));
            first.await(WAIT);
            second.await(WAIT);

            assertThat(second.isCancelled()).isFalse();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void storedPacketsBeyondTheLimitAreResentAsAcknowledgementsArrive() throws Exception {
        String id = uniqueId("inflight-resend");
        MemorySession session = new MemorySession();
        session.savePacket(Direction.OUTGOING, publish(1, 1, false));
        session.savePacket(Direction.OUTGOING, new Pubrel(2));
        session.savePacket(Direction.OUTGOING, publish(3, 2, false));
        session.savePacket(Direction.OUTGOING, publish(4, 1, false));
        session.savePacket(Direction.OUTGOING, publish(5, 1, false));
        CountDownLatch acknowledged = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(RESUMED)
                .receive(publish(1, 1, true))
                .receive(new Pubrel(2))
                .send(probe(9)).receive(new Puback(9))
                .send(new Puback(1))
                .receive(publish(3, 2, true))
                .send(new Pubcomp(2))
                .receive(publish(4, 1, true))
                .send(new Pubrec(3))
                .receive(new Pubrel(3))
                .send(probe(10)).receive(new Puback(10))
                .send(new Puback(4))
                .receive(publish(5, 1, true))
                .send(new Pubcomp(3)).send(new Puback(5))
                .run(acknowledged::countDown)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.setSession(session);
            client.connect(config(broker, id).cleanSession(false).maxInflight(2).build()).await(WAIT);
            awaitLatch(acknowledged, broker);

            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> session.allPackets(Direction.OUTGOING).isEmpty());
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void closeCancelsTheFuturesOfWaitingPublishesAndKeepsThemInTheSession() throws Exception {
        String id = uniqueId("inflight-close");
        Message marker = message("marker", "after all", 0);
        CountDownLatch markerSeen = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(ACCEPTED)
                .receive(publish(1, 1, false))
                .receive(new Publish(marker, false, 0))
                .run(markerSeen::countDown)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            MemorySession session = new MemorySession();
            Client client = new Client();
            client.setSession(session);
            client.connect(config(broker, id).cleanSession(false).maxInflight(1).build()).await(WAIT);
            List<GenericFuture<Void>> futures = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                futures.add(client.publishMessage(message("t", "m" + i, 1)));
            }
            client.publishMessage(marker);
            awaitLatch(markerSeen, broker);

            client.close();

            for (GenericFuture<Void> future : futures) {
                assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            }
            List<IdentifiedPacket> stored = session.allPackets(Direction.OUTGOING);
            assertThat(stored).containsExactly(publish(1, 1, false), publish(2, 1, false), publish(3, 1, false));
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void qos0PublishesAreNotLimited() throws Exception {
        String id = uniqueId("inflight-qos0");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(publish(1, 1, false))
                .receive(new Publish(message("zero", "a", 0), false, 0))
                .receive(new Publish(message("zero", "b", 0), false, 0))
                .send(new Puback(1))
                .receive(publish(2, 1, false))
                .send(new Puback(2))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).maxInflight(1).build()).await(WAIT);

            GenericFuture<Void> first = client.publishMessage(message("t", "m1", 1));
            GenericFuture<Void> second = client.publishMessage(message("t", "m2", 1));
            assertThat(client.publishMessage(message("zero", "a", 0)).isDone()).isTrue();
            assertThat(client.publishMessage(message("zero", "b", 0)).isDone()).isTrue();
            first.await(WAIT);
            second.await(WAIT);

            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void aPublishQueuedWhileTheClientClosesIsCanceledNotLeftPending() throws Exception {
        String id = uniqueId("inflight-race");
        CountDownLatch firstSeen = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(publish(1, 1, false))
                .run(firstSeen::countDown)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            AtomicReference<Runnable> onSecondId = new AtomicReference<>(() -> { });
            client.setSession(new ClosingSession(onSecondId));
            client.connect(config(broker, id).maxInflight(1).build()).await(WAIT);
            GenericFuture<Void> first = client.publishMessage(message("t", "m1", 1));
            awaitLatch(firstSeen, broker);
            // Closed between the publish's connected check and the tracking of its future.
            onSecondId.set(client::close);

            GenericFuture<Void> second = client.publishMessage(message("t", "m2", 1));

            assertThatThrownBy(() -> first.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThatThrownBy(() -> second.await(WAIT)).isInstanceOf(CancellationException.class);
            broker.awaitDone(WAIT);
        }
    }

    /** A memory session that runs an action when the client asks for a packet id. */
    private static final class ClosingSession implements Session {
        private final MemorySession delegate = new MemorySession();
        private final AtomicReference<Runnable> onNextId;

        ClosingSession(AtomicReference<Runnable> onNextId) {
            this.onNextId = onNextId;
        }

        @Override
        public int nextId() {
            int next = delegate.nextId();
            onNextId.get().run();
            return next;
        }

        @Override
        public void savePacket(Direction direction, IdentifiedPacket packet) throws java.io.IOException {
            delegate.savePacket(direction, packet);
        }

        @Override
        public IdentifiedPacket lookupPacket(Direction direction, int id) throws java.io.IOException {
            return delegate.lookupPacket(direction, id);
        }

        @Override
        public void deletePacket(Direction direction, int id) throws java.io.IOException {
            delegate.deletePacket(direction, id);
        }

        @Override
        public List<IdentifiedPacket> allPackets(Direction direction) throws java.io.IOException {
            return delegate.allPackets(direction);
        }

        @Override
        public void reset() throws java.io.IOException {
            delegate.reset();
        }
    }
}
