package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.RESUMED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.awaitLatch;
import static dev.mqttj.client.FakeBrokerSupport.awaitThreadsGone;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Pingresp;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.session.MemorySession;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.transport.Dialer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientConnectTest {

    @Test
    void malformedUrlsAreRejectedBeforeAnythingIsDialed() {
        assertThatThrownBy(() -> Config.of("foo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() -> Config.of("foo://127.0.0.1:1234")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> Config.of("mqtt://127.0.0.1:1234567")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedKeepAliveIsRejectedByTheConfig() {
        assertThatThrownBy(() -> Config.builder("tcp://127.0.0.1:1234").keepAlive("foo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlive");
    }

    @Test
    void refusedDialThrowsAndLeavesNoThreads() {
        String id = uniqueId("refused");
        Client client = new Client();
        Config config = Config.withClientId("tcp://127.0.0.1:" + FreePorts.pick(), id);

        ConnectFuture future = client.connect(config);

        assertThat(future.isCancelled()).isTrue();
        assertThat(future.failure()).get().isInstanceOf(ConnectionLostException.class)
                .satisfies(failure -> assertThat(failure).hasMessageContaining("could not connect to tcp://127.0.0.1:")
                        .hasCauseInstanceOf(IOException.class));
        assertThat(client.isConnected()).isFalse();
        assertThatThrownBy(() -> client.publish("a", new byte[0], 0, false))
                .isInstanceOf(ClientNotConnectedException.class);
        awaitThreadsGone(id);
    }

    @Test
    void aBrokerThatNeverAnswersConnectFailsTheFutureAtTheConnectTimeout() throws Exception {
        String id = uniqueId("no-answer");
        try (FakeBroker broker = FakeBroker.start(Flow.create().receive(connect(id)).end())) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            ConnectFuture future = client.connect(config(broker, id).connectTimeout(Duration.ofMillis(300)).build());

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThat(future.failure()).get().isInstanceOf(ConnectTimeoutException.class)
                    .satisfies(failure -> assertThat(failure).hasMessageContaining("no CONNACK from tcp://127.0.0.1:"
                            + broker.port() + " within the connect timeout of PT0.3S"));
            assertThat(callback.awaitError()).isInstanceOf(ConnectTimeoutException.class);
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
        }
    }

    @Test
    void connectTimeoutMustBePositive() {
        Config.Builder builder = Config.builder("tcp://127.0.0.1");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.connectTimeout(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeAfterAFailedConnectReturnsAndEndsTheClient() {
        Client client = new Client();
        Config config = Config.withClientId("tcp://127.0.0.1:" + FreePorts.pick(), uniqueId("failed"));
        assertThat(client.connect(config).failure()).get().isInstanceOf(ConnectionLostException.class);

        assertTimeoutPreemptively(WAIT, client::close);
        assertTimeoutPreemptively(WAIT, client::close);

        assertThatThrownBy(() -> client.connect(config)).isInstanceOf(ClientAlreadyConnectingException.class);
    }

    @Test
    void closeDuringASlowDialReturnsAtOnceAndDropsTheDialedConnection() throws Exception {
        String id = uniqueId("slow-dial");
        try (FakeBroker broker = FakeBroker.start(Flow.create().end())) {
            CountDownLatch dialing = new CountDownLatch(1);
            CountDownLatch proceed = new CountDownLatch(1);
            Dialer slow = url -> {
                dialing.countDown();
                awaitLatch(proceed);
                return Dialer.defaultDialer().dial(url);
            };
            Client client = new Client();
            CompletableFuture<Throwable> connectOutcome = new CompletableFuture<>();
            Thread connecting = new Thread(() -> {
                try {
                    connectOutcome.complete(client.connect(config(broker, id).dialer(slow).build()).failure().orElse(null));
                } catch (Throwable t) {
                    connectOutcome.complete(t);
                }
            }, "connecting");
            connecting.start();
            awaitLatch(dialing);

            try {
                assertTimeoutPreemptively(WAIT, client::close);
            } finally {
                proceed.countDown();
            }

            assertThat(connectOutcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ClientNotConnectedException.class).hasMessageContaining("closed while connecting");
            assertThat(client.isConnected()).isFalse();
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
        }
    }

    @Test
    void missingClientIdWithoutCleanSessionFailsBeforeDialing() {
        Client client = new Client();
        Config config = Config.builder("tcp://127.0.0.1:" + FreePorts.pick()).cleanSession(false).build();

        assertThatThrownBy(() -> client.connect(config)).isInstanceOf(ClientMissingIdException.class);
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void invalidConnectFieldsFailBeforeDialing() {
        Client client = new Client();
        // Nothing listens there: an IOException would mean the client dialed first.
        Config config = Config.builder("tcp://127.0.0.1:" + FreePorts.pick())
                .protocolVersion(ProtocolVersion.MQTT_3_1).clientId("").build();

        assertThatThrownBy(() -> client.connect(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client id");
    }

    @Test
    void connectsAndDisconnectsWithDisconnectOnTheWire() throws Exception {
        String id = uniqueId("connect");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);

            ConnectFuture future = client.connect(config(broker, id).build());
            future.await(WAIT);

            assertThat(future.isDone()).isTrue();
            assertThat(future.isCancelled()).isFalse();
            assertThat(future.sessionPresent()).isFalse();
            assertThat(future.returnCode()).contains(ConnackCode.ACCEPTED);
            assertThat(client.isConnected()).isTrue();

            client.disconnect();

            assertThat(client.isConnected()).isFalse();
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
            assertThat(callback.errors).isEmpty();
        }
    }

    @Test
    void customDialerIsUsed() throws Exception {
        String id = uniqueId("dialer");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            AtomicInteger dials = new AtomicInteger();
            Dialer counting = url -> {
                dials.incrementAndGet();
                return Dialer.defaultDialer().dial(url);
            };
            Client client = new Client();

            client.connect(config(broker, id).dialer(counting).build()).await(WAIT);
            client.disconnect();

            assertThat(dials).hasValue(1);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void sessionPresentIsTakenFromConnack() throws Exception {
        String id = uniqueId("present");
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(RESUMED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();

            ConnectFuture future = client.connect(config(broker, id).cleanSession(false).build());
            future.await(WAIT);

            assertThat(future.sessionPresent()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void credentialsFromTheUrlAreSentInConnect() throws Exception {
        String id = uniqueId("url-creds");
        Connect expected = new Connect(ProtocolVersion.MQTT_3_1_1, id, 30, true, null, "user",
                "pa:ss".getBytes(StandardCharsets.UTF_8));
        Flow flow = Flow.create().receive(expected).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            String url = "tcp://user:pa%3Ass@127.0.0.1:" + broker.port() + "/";

            client.connect(Config.withClientId(url, id)).await(WAIT);
            client.disconnect();

            broker.awaitDone(WAIT);
        }
    }

    @Test
    void usernameWithoutPasswordIsSentAlone() throws Exception {
        String id = uniqueId("user-only");
        Connect expected = new Connect(ProtocolVersion.MQTT_3_1_1, id, 30, true, null, "reader", null);
        Flow flow = Flow.create().receive(expected).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();

            client.connect(Config.withClientId("tcp://reader@127.0.0.1:" + broker.port(), id)).await(WAIT);
            client.disconnect();

            broker.awaitDone(WAIT);
        }
    }

    @Test
    void credentialsFromTheConfigWinOverTheUrl() throws Exception {
        String id = uniqueId("config-creds");
        Connect expected = new Connect(ProtocolVersion.MQTT_3_1_1, id, 30, true, null, "alice",
                "wonderland".getBytes(StandardCharsets.UTF_8));
        Flow flow = Flow.create().receive(expected).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            String url = "tcp://bob:builder@127.0.0.1:" + broker.port();

            client.connect(Config.builder(url).clientId(id).username("alice").password("wonderland").build())
                    .await(WAIT);
            client.disconnect();

            broker.awaitDone(WAIT);
        }
    }

    @Test
    void willMessageKeepAliveAndCleanSessionAreSentInConnect() throws Exception {
        String id = uniqueId("will");
        Message will = new Message("clients/" + id + "/status", "gone".getBytes(StandardCharsets.UTF_8), 1, true);
        Connect expected = new Connect(ProtocolVersion.MQTT_3_1_1, id, 45, false, will, null, null);
        Flow flow = Flow.create().receive(expected).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();

            client.connect(config(broker, id).willMessage(will).keepAlive(Duration.ofSeconds(45)).cleanSession(false)
                    .build()).await(WAIT);
            client.disconnect();

            broker.awaitDone(WAIT);
        }
    }

    @Test
    void fractionalKeepAliveIsAnnouncedRoundedUp() throws Exception {
        // The client pings after the exact interval; announcing 1 s for 1.9 s would let a broker, which
        // allows 1.5 times the announced value, drop a quiet client before its PINGREQ.
        String id = uniqueId("keep-alive-ceil");
        Flow flow = Flow.create().receive(connect(id, 2, true)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();

            client.connect(config(broker, id).keepAlive(Duration.ofMillis(1900)).build()).await(WAIT);
            client.disconnect();

            broker.awaitDone(WAIT);
        }
    }

    @Test
    void mqtt31SendsTheOldProtocolNameAndLevel() throws Exception {
        String id = uniqueId("v31");
        Connect expected = new Connect(ProtocolVersion.MQTT_3_1, id, 30, true, null, null, null);
        Flow flow = Flow.create()
                .receiveMatching(expected::equals, "CONNECT with protocol MQIsdp level 3")
                .send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();

            client.connect(config(broker, id).protocolVersion(ProtocolVersion.MQTT_3_1).build()).await(WAIT);
            client.disconnect();

            broker.awaitDone(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ConnackCode.class, names = "ACCEPTED", mode = EnumSource.Mode.EXCLUDE)
    void deniedConnectionCancelsTheFutureAndReportsTheReturnCode(ConnackCode code) throws Exception {
        String id = uniqueId("denied");
        Flow flow = Flow.create().receive(connect(id)).send(new Connack(false, code)).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);

            ConnectFuture future = client.connect(config(broker, id).build());

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class)
                    .cause().isInstanceOf(ClientConnectionDeniedException.class);
            assertThat(future.isCancelled()).isTrue();
            assertThat(future.returnCode()).contains(code);
            assertThat(future.sessionPresent()).isFalse();
            Throwable error = callback.awaitError();
            assertThat(error).isInstanceOf(ClientConnectionDeniedException.class);
            assertThat(((ClientConnectionDeniedException) error).returnCode()).isEqualTo(code);
            broker.awaitDone(WAIT);
            assertThat(client.isConnected()).isFalse();
            client.close();
            assertThat(callback.errors).hasSize(1);
            awaitThreadsGone(id);
        }
    }

    @Test
    void anotherPacketBeforeConnackFailsTheConnect() throws Exception {
        String id = uniqueId("no-connack");
        Flow flow = Flow.create().receive(connect(id)).send(Pingresp.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);

            ConnectFuture future = client.connect(config(broker, id).build());

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class)
                    .cause().isInstanceOf(ClientExpectedConnackException.class);
            Throwable error = callback.awaitError();
            assertThat(error).isInstanceOf(ClientExpectedConnackException.class);
            assertThat(((ClientExpectedConnackException) error).received()).isEqualTo(PacketType.PINGRESP);
            assertThat(future.returnCode()).isEmpty();
            broker.awaitDone(WAIT);
            client.close();
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void brokerClosingBeforeConnackCancelsTheConnectFuture() throws Exception {
        String id = uniqueId("closed-early");
        Flow flow = Flow.create().receive(connect(id)).close();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);

            ConnectFuture future = client.connect(config(broker, id).build());

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            assertThat(callback.awaitError()).isInstanceOf(IOException.class);
            assertThat(future.returnCode()).isEmpty();
            assertThat(future.sessionPresent()).isFalse();
            broker.awaitDone(WAIT);
            client.close();
            assertThat(callback.errors).hasSize(1);
            awaitThreadsGone(id);
        }
    }

    @Test
    void connectingTwiceFails() throws Exception {
        String id = uniqueId("twice");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            Config config = config(broker, id).build();
            client.connect(config).await(WAIT);

            assertThatThrownBy(() -> client.connect(config)).isInstanceOf(ClientAlreadyConnectingException.class);

            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            assertThatThrownBy(() -> client.connect(config)).isInstanceOf(ClientAlreadyConnectingException.class);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void settersRefuseOnceConnected() throws Exception {
        String id = uniqueId("setters");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);

            assertThatThrownBy(() -> client.setCallback(null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.setLogger(null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.setSession(new MemorySession()))
                    .isInstanceOf(IllegalStateException.class);

            client.close();
            broker.awaitDone(WAIT);
        }
    }
}
