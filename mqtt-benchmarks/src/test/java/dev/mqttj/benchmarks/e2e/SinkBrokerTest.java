package dev.mqttj.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Client;
import dev.mqttj.client.Config;
import dev.mqttj.client.SubscribeFuture;
import dev.mqttj.packet.Message;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SinkBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private SinkBroker broker;

    @BeforeEach
    void startBroker() throws IOException {
        broker = SinkBroker.start(0);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void ourClientPublishesAtEveryQosAndReceivesItsOwnMessages() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        Client client = connect("self", received);
        try {
            SubscribeFuture subscribed = client.subscribe("sink/#", 2);
            subscribed.await(TIMEOUT);
            assertThat(subscribed.returnCodes()).containsExactly(2);
            client.publish("sink/q0", bytes("zero"), 0, false);
            client.publish("sink/q1", bytes("one"), 1, false).await(TIMEOUT);
            client.publish("sink/q2", bytes("two"), 2, false).await(TIMEOUT);

            assertThat(next(received)).isEqualTo(new Message("sink/q0", bytes("zero"), 0, false));
            assertThat(next(received)).isEqualTo(new Message("sink/q1", bytes("one"), 1, false));
            assertThat(next(received)).isEqualTo(new Message("sink/q2", bytes("two"), 2, false));

            // Larger than the broker's buffers, which have to grow for input and output.
            byte[] large = new byte[1_500_000];
            Arrays.fill(large, (byte) 'x');
            client.publish("sink/large", large, 1, false).await(TIMEOUT);
            assertThat(next(received)).isEqualTo(new Message("sink/large", large, 1, false));
            assertThat(broker.publishes()).isEqualTo(4);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void routesAtTheLowerQosAndStopsAfterUnsubscribe() throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        Client subscriber = connect("subscriber", received);
        Client publisher = connect("publisher", null);
        try {
            SubscribeFuture subscribed = subscriber.subscribe("a/+", 1);
            subscribed.await(TIMEOUT);
            assertThat(subscribed.returnCodes()).containsExactly(1);
            subscriber.subscribe("fence", 0).await(TIMEOUT);

            publisher.publish("a/b", bytes("downgraded"), 2, false).await(TIMEOUT);
            publisher.publish("a/b/c", bytes("too deep"), 1, false).await(TIMEOUT);
            publisher.publish("fence", bytes("first fence"), 1, false).await(TIMEOUT);
            assertThat(next(received)).isEqualTo(new Message("a/b", bytes("downgraded"), 1, false));
            assertThat(next(received)).isEqualTo(new Message("fence", bytes("first fence"), 0, false));

            subscriber.unsubscribe("a/+").await(TIMEOUT);
            publisher.publish("a/b", bytes("unsubscribed"), 1, false).await(TIMEOUT);
            publisher.publish("fence", bytes("second fence"), 1, false).await(TIMEOUT);
            // One publisher's messages reach a subscriber in order, so the fence shows nothing came before it.
            assertThat(next(received)).isEqualTo(new Message("fence", bytes("second fence"), 0, false));
            assertThat(received).isEmpty();
        } finally {
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    /** Byte-exact replies, and a QoS 2 message sent twice under one identifier is routed once. */
    @Test
    void answersOnTheWireAsTheSpecificationSays() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());

            out.write(hex("100f00044d5154540402001e0003726177"));
            assertThat(read(in, 4)).isEqualTo("20020000");
            // SUBSCRIBE id 7: "x" at QoS 3 (refused) and "y" at QoS 2.
            out.write(hex("820a0007000178030001790" + "2"));
            assertThat(read(in, 6)).isEqualTo("900400078002");
            out.write(hex("c000"));
            assertThat(read(in, 2)).isEqualTo("d000");

            // PUBLISH QoS 2 id 5 to "y", the same again with DUP, then PUBREL 5.
            byte[] publish = RawSocketPublisher.publishPacket("y", bytes("p"), 2, 5);
            out.write(publish);
            publish[0] |= 0x08;
            out.write(publish);
            out.write(hex("62020005"));
            assertThat(read(in, 8)).isEqualTo("340600017900017" + "0");
            assertThat(read(in, 12)).isEqualTo("500200055002000570020005");

            // Completing the delivery frees its identifier; the next one takes a new identifier.
            out.write(hex("50020001"));
            assertThat(read(in, 4)).isEqualTo("62020001");
            out.write(hex("70020001"));
            out.write(RawSocketPublisher.publishPacket("y", bytes("q"), 1, 9));
            assertThat(read(in, 8)).isEqualTo("3206000179000271");
            assertThat(read(in, 4)).isEqualTo("40020009");

            // UNSUBSCRIBE id 8 from "y"; afterwards a QoS 0 PUBLISH to "y" goes nowhere.
            out.write(hex("a20500080001" + "79"));
            assertThat(read(in, 4)).isEqualTo("b0020008");
            out.write(RawSocketPublisher.publishPacket("y", bytes("r"), 0, 0));
            out.write(hex("c000"));
            assertThat(read(in, 2)).isEqualTo("d000");

            out.write(hex("e000"));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /**
     * A subscriber that acknowledges nothing gets every packet identifier once; the next delivery
     * waits for an acknowledgement instead of reusing an identifier in flight.
     */
    @Test
    void holdsDeliveriesBeyondTheIdentifierSpaceUntilOneIsAcknowledged() throws Exception {
        int count = SinkBroker.MAX_OUTBOUND_IN_FLIGHT + 1;
        try (Socket subscriber = rawClient("silent"); Socket publisher = rawClient("flood")) {
            DataInputStream fromSubscriber = new DataInputStream(new BufferedInputStream(
                    subscriber.getInputStream(), 1 << 16));
            subscriber.getOutputStream().write(hex("820600010001770" + "1"));
            assertThat(read(fromSubscriber, 5)).isEqualTo("9003000101");

            ByteArrayOutputStream flood = new ByteArrayOutputStream(count * 11);
            for (int i = 0; i < count; i++) {
                flood.write(RawSocketPublisher.publishPacket("w", ByteBuffer.allocate(4).putInt(i).array(),
                        1, i % 65_535 + 1));
            }
            publisher.getOutputStream().write(flood.toByteArray());
            DataInputStream fromPublisher = new DataInputStream(publisher.getInputStream());
            fromPublisher.readFully(new byte[4 * count]);

            for (int i = 0; i < SinkBroker.MAX_OUTBOUND_IN_FLIGHT; i++) {
                String expected = String.format("3209000177%04x%08x", i + 1, i);
                String packet = read(fromSubscriber, 11);
                if (!packet.equals(expected)) {
                    assertThat(packet).as("delivery %d", i).isEqualTo(expected);
                }
            }
            subscriber.getOutputStream().write(hex("c000"));
            assertThat(read(fromSubscriber, 2)).as("no delivery before an identifier is free").isEqualTo("d000");

            subscriber.getOutputStream().write(hex("40020001"));
            assertThat(read(fromSubscriber, 11)).isEqualTo(String.format("32090001770001%08x", count - 1));
        }
    }

    @Test
    void forkedBrokerListensOnItsOwnPortAndStops() throws Exception {
        try (SinkBrokerProcess process = SinkBrokerProcess.start()) {
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            Client client = new Client();
            client.setCallback((message, error) -> {
                if (message != null) {
                    received.add(message);
                }
            });
            client.connect(Config.builder("tcp://127.0.0.1:" + process.port()).clientId("forked").build())
                    .await(TIMEOUT);
            try {
                client.subscribe("forked", 1).await(TIMEOUT);
                client.publish("forked", bytes("hello"), 1, false).await(TIMEOUT);
                assertThat(next(received).payloadAsString()).isEqualTo("hello");
            } finally {
                client.disconnect();
            }
            SinkBrokerProcess.Stats stats = process.stats();
            assertThat(stats.busyNanos()).isPositive();
            assertThat(stats.publishes()).isEqualTo(1);
        }
    }

    @Test
    void filtersMatchLikeMqtt() {
        assertThat(SinkBroker.matches("a/b", "a/b")).isTrue();
        assertThat(SinkBroker.matches("a/b", "a/bc")).isFalse();
        assertThat(SinkBroker.matches("a/b", "a")).isFalse();
        assertThat(SinkBroker.matches("a", "a/b")).isFalse();
        assertThat(SinkBroker.matches("a/+", "a/b")).isTrue();
        assertThat(SinkBroker.matches("a/+", "a/")).isTrue();
        assertThat(SinkBroker.matches("a/+", "a/b/c")).isFalse();
        assertThat(SinkBroker.matches("+/+", "/")).isTrue();
        assertThat(SinkBroker.matches("+/b/+", "x/b/y")).isTrue();
        assertThat(SinkBroker.matches("a/#", "a")).isTrue();
        assertThat(SinkBroker.matches("a/#", "a/b/c")).isTrue();
        assertThat(SinkBroker.matches("a/#", "ab")).isFalse();
        assertThat(SinkBroker.matches("a/", "a")).isFalse();
        assertThat(SinkBroker.matches("a/", "a/")).isTrue();
        assertThat(SinkBroker.matches("#", "bench/x/1")).isTrue();
        assertThat(SinkBroker.matches("#", "$SYS/x")).isFalse();
        assertThat(SinkBroker.matches("+/x", "$SYS/x")).isFalse();
        assertThat(SinkBroker.matches("$SYS/#", "$SYS/x")).isTrue();
    }

    /** A socket that has sent CONNECT and read its CONNACK. */
    private Socket rawClient(String clientId) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), 5_000);
        socket.setSoTimeout(5_000);
        byte[] id = bytes(clientId);
        ByteArrayOutputStream connect = new ByteArrayOutputStream();
        connect.write(0x10);
        connect.write(12 + id.length);
        connect.writeBytes(hex("00044d5154540402001e"));
        connect.write(0);
        connect.write(id.length);
        connect.writeBytes(id);
        socket.getOutputStream().write(connect.toByteArray());
        assertThat(read(new DataInputStream(socket.getInputStream()), 4)).isEqualTo("20020000");
        return socket;
    }

    private Client connect(String clientId, BlockingQueue<Message> received) throws Exception {
        Client client = new Client();
        if (received != null) {
            client.setCallback((message, error) -> {
                if (message != null) {
                    received.add(message);
                }
            });
        }
        client.connect(Config.builder("tcp://127.0.0.1:" + broker.port()).clientId(clientId)
                .keepAlive(Duration.ofMillis(500)).build()).await(TIMEOUT);
        return client;
    }

    private static Message next(BlockingQueue<Message> received) throws InterruptedException {
        Message message = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
        return message;
    }

    private static String read(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
