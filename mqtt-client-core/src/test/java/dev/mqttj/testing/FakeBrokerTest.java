package dev.mqttj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Pingreq;
import dev.mqttj.packet.Pingresp;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Connect CONNECT = new Connect(ProtocolVersion.MQTT_3_1_1, "fake-client", 30, true, null,
            null, null);
    private static final Connack ACCEPTED = new Connack(false, ConnackCode.ACCEPTED);
    private static final Subscribe SUBSCRIBE = new Subscribe(1, List.of(new Subscription("a/+", 1)));
    private static final Suback SUBACK = new Suback(1, List.of(1));

    @Test
    void playsAScriptedSessionAndRecordsTheTranscript() throws Exception {
        Flow flow = Flow.create()
                .receive(CONNECT).send(ACCEPTED)
                .receive(SUBSCRIBE).send(SUBACK)
                .send(new Publish(new Message("a/b", "hi".getBytes(), 1, false), false, 7))
                .receive(new Puback(7))
                .receiveAny(PacketType.PINGREQ).send(Pingresp.INSTANCE)
                .skip(PacketType.PUBLISH)
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            client.send(CONNECT);
            assertThat(client.read()).isEqualTo(ACCEPTED);
            client.send(SUBSCRIBE);
            assertThat(client.read()).isEqualTo(SUBACK);
            Publish publish = (Publish) client.read();
            assertThat(publish.message().payloadAsString()).isEqualTo("hi");
            client.send(new Puback(7));
            client.send(Pingreq.INSTANCE);
            assertThat(client.read()).isEqualTo(Pingresp.INSTANCE);
            client.send(new Publish(Message.of("ignored", "x"), false, 0));
            client.send(Disconnect.INSTANCE);
            client.socket.close();

            broker.awaitDone(WAIT);
            assertThat(broker.transcript()).anyMatch(line -> line.contains("C->B") && line.contains("a/+"))
                    .anyMatch(line -> line.contains("B->C") && line.contains("Pingresp"))
                    .anyMatch(line -> line.contains("C closed the connection"));
            assertThat(broker.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void mismatchNamesExpectedAndActualPacketAndShowsTheTranscript() throws Exception {
        Subscribe other = new Subscribe(1, List.of(new Subscription("b/#", 0)));
        Flow flow = Flow.create("subscriber").receive(CONNECT).send(ACCEPTED).receive(SUBSCRIBE).send(SUBACK).end();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            client.send(CONNECT);
            client.read();
            client.send(other);
            assertThat(client.readsEnd()).as("broker drops the connection on a mismatch").isTrue();
            assertThatThrownBy(() -> broker.awaitDone(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("subscriber step 3/5")
                    .hasMessageContaining("expected " + SUBSCRIBE)
                    .hasMessageContaining("but got " + other)
                    .hasMessageContaining("transcript:")
                    .hasMessageContaining("B->C " + ACCEPTED);
        }
    }

    @Test
    void receiveMatchingUsesItsDescriptionInFailures() throws Exception {
        Flow flow = Flow.create().receiveMatching(packet -> packet instanceof Connect
                && ((Connect) packet).keepAlive() == 10, "CONNECT with keep-alive 10").send(ACCEPTED).close();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            client.send(CONNECT);
            assertThatThrownBy(() -> broker.awaitDone(WAIT)).hasMessageContaining(
                    "expected CONNECT with keep-alive 10 but got " + CONNECT);
        }
    }

    @Test
    void sendRawDeliversBytesAsTheyAreAndCloseEndsTheConnection() throws Exception {
        byte[] malformed = {(byte) 0x20, 0x03, 0x00, 0x00, 0x00};
        Flow flow = Flow.create().receive(CONNECT).sendRaw(malformed).close();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            client.send(CONNECT);
            assertThat(client.socket.getInputStream().readNBytes(malformed.length)).isEqualTo(malformed);
            assertThat(client.readsEnd()).isTrue();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void successiveConnectionsPlaySuccessiveFlows() throws Exception {
        Flow first = Flow.create("first").receive(CONNECT).send(ACCEPTED).close();
        Flow second = Flow.create("second").receive(CONNECT).send(new Connack(true, ConnackCode.ACCEPTED)).end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            try (Peer client = new Peer(broker.port())) {
                client.send(CONNECT);
                assertThat(client.read()).isEqualTo(ACCEPTED);
                assertThat(client.readsEnd()).isTrue();
            }
            try (Peer client = new Peer(broker.port())) {
                client.send(CONNECT);
                assertThat(((Connack) client.read()).sessionPresent()).isTrue();
            }
            broker.awaitDone(WAIT);
            assertThat(broker.connectionCount()).isEqualTo(2);

            try (Peer extra = new Peer(broker.port())) {
                assertThat(extra.readsEnd()).isTrue();
            } catch (java.net.SocketException resetWhileConnecting) {
                // The broker resets unexpected connections at once; that may already hit the connect.
            }
            assertThatThrownBy(() -> broker.awaitDone(WAIT)).hasMessageContaining("unexpected connection #3");
        }
    }

    @Test
    void endFailsOnAnyPacketThatIsNotSkipped() throws Exception {
        Flow flow = Flow.create().receive(CONNECT).send(ACCEPTED).skip(PacketType.PINGREQ).end();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            client.send(CONNECT);
            client.read();
            client.send(Pingreq.INSTANCE);
            client.send(SUBSCRIBE);
            assertThatThrownBy(() -> broker.awaitDone(WAIT)).hasMessageContaining("expected nothing more but got "
                    + SUBSCRIBE);
        }
    }

    @Test
    void awaitDoneTimesOutNamingThePendingStep() throws Exception {
        Flow flow = Flow.create().receive(CONNECT).send(ACCEPTED).receive(SUBSCRIBE).end();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            client.send(CONNECT);
            client.read();
            assertThatThrownBy(() -> broker.awaitDone(Duration.ofMillis(200)))
                    .hasMessageContaining("step 3/4 (receive " + SUBSCRIBE + ") did not complete");
        }
        try (FakeBroker broker = FakeBroker.start(Flow.create().end(), Flow.create().end())) {
            assertThatThrownBy(() -> broker.awaitDone(Duration.ofMillis(100)))
                    .hasMessageContaining("only 0 of 2 expected connections arrived");
        }
    }

    @Test
    void runExecutesInOrderAndItsExceptionFailsTheFlow() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        Flow flow = Flow.create().receive(CONNECT).run(connected::countDown).send(ACCEPTED)
                .run(() -> {
                    throw new IllegalStateException("boom in step");
                }).end();
        try (FakeBroker broker = FakeBroker.start(flow); Peer client = new Peer(broker.port())) {
            client.send(CONNECT);
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.read()).isEqualTo(ACCEPTED);
            assertThatThrownBy(() -> broker.awaitDone(WAIT)).hasMessageContaining("boom in step")
                    .hasMessageContaining("step 4/5");
        }
    }

    @Test
    void malformedClientInputFailsTheFlow() throws Exception {
        try (FakeBroker broker = FakeBroker.start(Flow.create().receive(CONNECT).end());
             Peer client = new Peer(broker.port())) {
            client.socket.getOutputStream().write(new byte[] {0x10, 0x02, 0x00, 0x00});
            assertThatThrownBy(() -> broker.awaitDone(WAIT)).hasMessageContaining("C->B malformed");
        }
    }

    @Test
    void flowRejectsStepsAfterItsEnd() {
        assertThatThrownBy(() -> Flow.create("x").end().send(ACCEPTED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("x: no step may follow");
    }

    @Test
    void closeEndsAllThreadsEvenWithAQuietClient() throws Exception {
        Peer client;
        String prefix;
        try (FakeBroker broker = FakeBroker.start(Flow.create().receive(CONNECT).end())) {
            prefix = "fake-broker-" + broker.port() + "-";
            client = new Peer(broker.port());
            client.send(CONNECT);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> broker.connectionCount() == 1);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
        assertThat(client.readsEnd()).isTrue();
        client.close();
    }

    /** The client side of the tests, built on the same codec. */
    private static final class Peer implements AutoCloseable {
        private final Socket socket = new Socket();
        private final PacketDecoder decoder = new PacketDecoder();
        private final ByteBuffer input = ByteBuffer.allocate(4096).flip();

        Peer(int port) throws IOException {
            socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), 5_000);
            socket.setSoTimeout(5_000);
        }

        void send(Packet packet) throws IOException {
            socket.getOutputStream().write(PacketEncoder.encode(packet));
            socket.getOutputStream().flush();
        }

        Packet read() throws IOException {
            while (true) {
                Packet packet = decoder.decode(input);
                if (packet != null) {
                    return packet;
                }
                int n = socket.getInputStream().read(input.array());
                if (n < 0) {
                    throw new EOFException("broker closed the connection");
                }
                input.position(0).limit(n);
            }
        }

        boolean readsEnd() {
            try {
                while (socket.getInputStream().read() >= 0) {
                    // Drain.
                }
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
