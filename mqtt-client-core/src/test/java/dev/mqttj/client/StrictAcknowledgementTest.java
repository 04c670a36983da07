package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.connectedClient;
import static dev.mqttj.client.FakeBrokerSupport.message;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Unsuback;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * A broker that acknowledges what MQTT 3.1.1 does not let it acknowledge: the client closes the
 * connection with a {@link ProtocolViolationException} naming the packet, reports it once, and keeps the
 * session's stored packets for the next connection.
 */
class StrictAcknowledgementTest {

    @Test
    void pubackForAQos2PublishClosesAndKeepsTheMessageStored() throws Exception {
        Outcome outcome = publishAndAnswer(2, new Puback(1));
        assertThat(outcome.error).hasMessageContaining("PUBACK for packet id 1").hasMessageContaining("QoS 2 PUBLISH");
        assertThat(outcome.stored).singleElement().isInstanceOf(Publish.class);
    }

    @Test
    void pubcompForAQos1PublishClosesAndKeepsTheMessageStored() throws Exception {
        Outcome outcome = publishAndAnswer(1, new Pubcomp(1));
        assertThat(outcome.error).hasMessageContaining("PUBCOMP for packet id 1").hasMessageContaining("QoS 1 PUBLISH");
        assertThat(outcome.stored).singleElement().isInstanceOf(Publish.class);
    }

    @Test
    void pubrecForAQos1PublishClosesAndKeepsTheMessageStored() throws Exception {
        Outcome outcome = publishAndAnswer(1, new Pubrec(1));
        assertThat(outcome.error).hasMessageContaining("PUBREC for packet id 1").hasMessageContaining("QoS 1 PUBLISH");
        assertThat(outcome.stored).singleElement().isInstanceOf(Publish.class);
    }

    @Test
    void subackWithMoreCodesThanFiltersCloses() throws Exception {
        String id = uniqueId("suback-codes");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.SUBSCRIBE).send(new Suback(1, List.of(0, 1, 2)))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = connectedClient(broker, id, callback);

            SubscribeFuture future = client.subscribe("a", 1);

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThat(future.failure()).get().isInstanceOf(ProtocolViolationException.class);
            assertThat(callback.awaitError()).isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("SUBACK for packet id 1 has 3 return codes for 1 subscription");
            broker.awaitDone(WAIT);
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void aSecondConnackCloses() throws Exception {
        String id = uniqueId("second-connack");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Connack(true, ConnackCode.ACCEPTED))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = connectedClient(broker, id, callback);

            assertThat(callback.awaitError()).isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("second CONNACK");
            broker.awaitDone(WAIT);
            assertThat(client.isConnected()).isFalse();
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void unsubackForAPendingSubscribeCloses() throws Exception {
        String id = uniqueId("wrong-kind");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.SUBSCRIBE).send(new Unsuback(1))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = connectedClient(broker, id, callback);

            SubscribeFuture future = client.subscribe("s", 1);

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThat(callback.awaitError()).isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("UNSUBACK for packet id 1, which belongs to a pending SUBSCRIBE");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void acknowledgementsOfUnknownIdsStayHarmless() throws Exception {
        String id = uniqueId("unknown-ids");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Puback(41)).send(new Pubcomp(42)).send(new Suback(43, List.of(0))).send(new Unsuback(44))
                .receiveAny(PacketType.PUBLISH).send(new Puback(1))
                .receiveAny(PacketType.DISCONNECT).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = connectedClient(broker, id, callback);

            client.publishMessage(message("t", "x", 1)).await(WAIT);

            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    private static Outcome publishAndAnswer(int qos, Packet answer) throws Exception {
        String id = uniqueId("strict-" + answer.type());
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH).send(answer)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            MemorySession session = new MemorySession();
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setSession(session);
            client.setCallback(callback);
            client.connect(config(broker, id).cleanSession(false).build()).await(WAIT);

            GenericFuture<Void> future = client.publishMessage(message("t", "x", qos));

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            Throwable error = callback.awaitError();
            assertThat(error).isInstanceOf(ProtocolViolationException.class);
            assertThat(future.failure()).containsSame((ProtocolViolationException) error);
            broker.awaitDone(WAIT);
            assertThat(callback.errors).as("reported once").hasSize(1);
            return new Outcome(error, session.allPackets(Direction.OUTGOING));
        }
    }

    private static final class Outcome {
        final Throwable error;
        final List<IdentifiedPacket> stored;

        Outcome(Throwable error, List<IdentifiedPacket> stored) {
            this.error = error;
            this.stored = stored;
        }
    }
}
