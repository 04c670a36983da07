package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Message;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-shot helpers against a real Mosquitto. */
class HelpersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(300);

    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() {
        BrokerRequirements.requireMosquitto();
        broker = MosquittoBroker.builder().user("alice", "s3cret").start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String unique(String what) {
        return what + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    }

    private static String topic(String what) {
        return "mqttj/helpers/" + unique(what);
    }

    private static Config config(String clientId) {
        return Config.withClientId(broker.url(), unique(clientId));
    }

    private static Message message(String topic, String payload, int qos, boolean retain) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void publishedRetainedMessageIsReceivedByALaterReceiveMessage(int qos) throws Exception {
        String topic = topic("retained" + qos);
        Helpers.publishMessage(config("pub"), message(topic, "value " + qos, qos, true), TIMEOUT);

        // At QoS 0 the helper returns once the PUBLISH is written: a receiver may subscribe before the broker
        // stored it and get it live (not retained), so ask again until the retained copy comes.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Message received = Helpers.receiveMessage(config("recv"), topic, qos, TIMEOUT);
            assertThat(received.topic()).isEqualTo(topic);
            assertThat(received.payloadAsString()).isEqualTo("value " + qos);
            assertThat(received.qos()).isEqualTo(qos);
            assertThat(received.retain()).isTrue();
        });
        Helpers.clearRetainedMessage(config("clear"), topic, TIMEOUT);
    }

    @Test
    void receiveMessageGetsALiveMessagePublishedWhileItWaits() throws Exception {
        String topic = topic("live");
        Config receiverConfig = config("live-recv");
        CompletableFuture<Message> received = CompletableFuture.supplyAsync(() -> {
            try {
                return Helpers.receiveMessage(receiverConfig, topic, 1, TIMEOUT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Publishing before the receiver subscribed would lose the message; keep publishing until it lands.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Helpers.publishMessage(config("live-pub"), message(topic, "live", 1, false), TIMEOUT);
            return received.isDone();
        });

        Message message = received.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message.payloadAsString()).isEqualTo("live");
        assertThat(message.retain()).isFalse();
        assertThat(message.qos()).isEqualTo(1);
    }

    @Test
    void clearRetainedMessageLeavesNothingToReceive() throws Exception {
        String topic = topic("cleared");
        Helpers.publishMessage(config("pub"), message(topic, "stale", 1, true), TIMEOUT);
        assertThat(Helpers.receiveMessage(config("recv"), topic, 1, TIMEOUT).payloadAsString()).isEqualTo("stale");

        Helpers.clearRetainedMessage(config("clear"), topic, TIMEOUT);

        // The clearing PUBLISH is QoS 0, applied by the broker at some point after the helper returned.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThatThrownBy(
                () -> Helpers.receiveMessage(config("recv2"), topic, 1, SHORT)).isInstanceOf(TimeoutException.class));
    }

    @Test
    void receiveMessageTimesOutAndLeavesNoThreadBehind() {
        Config config = config("timeout");

        assertThatThrownBy(() -> Helpers.receiveMessage(config, topic("silence"), 0, SHORT))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("within PT0.3S");

        await().atMost(TIMEOUT).untilAsserted(
                () -> assertThat(ClientRealBrokerTest.threadsNamedWith(config.clientId())).isEmpty());
    }

    @Test
    void clearSessionDropsTheStoredSessionAndItsQueuedMessages() throws Exception {
        String topic = topic("session");
        Config durable = config("durable").toBuilder().cleanSession(false).build();
        Helpers.clearSession(durable, TIMEOUT);
        try (Inbox first = new Inbox(TIMEOUT)) {
            assertThat(first.connect(durable).sessionPresent()).isFalse();
            first.subscribe(topic, 1);
            first.client.disconnect();
        }
        Helpers.publishMessage(config("offline-pub"), message(topic, "queued", 1, false), TIMEOUT);

        Helpers.clearSession(durable, TIMEOUT);

        try (Inbox second = new Inbox(TIMEOUT)) {
            assertThat(second.connect(durable).sessionPresent()).isFalse();
            // The dropped session took its subscription and the queued message along: only the marker comes.
            String marker = topic("marker");
            second.subscribe(marker, 1);
            second.publish(topic, "after clear", 1, false);
            second.publish(marker, "marker", 1, false);
            assertThat(second.next().topic()).isEqualTo(marker);
            assertThat(second.messages).isEmpty();
            second.client.disconnect();
        }
    }

    @Test
    void publishMessageToAClosedPortFailsWithTheConnectErrorAsCause() {
        Config config = Config.withClientId("tcp://127.0.0.1:" + FreePorts.pick(), unique("nobody"));

        assertThatThrownBy(() -> Helpers.publishMessage(config, Message.of("a", "b"), TIMEOUT))
                .isInstanceOf(CancellationException.class)
                .hasCauseInstanceOf(ConnectionLostException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void refusedCredentialsCancelTheHelperWithTheBrokersReason() {
        Config config = config("badpw").toBuilder().username("alice").password("wrong").build();

        assertThatThrownBy(() -> Helpers.publishMessage(config, Message.of("a", "b"), TIMEOUT))
                .isInstanceOf(CancellationException.class)
                .cause().isInstanceOf(ClientConnectionDeniedException.class);
    }

    @Test
    void goodCredentialsAreAccepted() throws Exception {
        String topic = topic("auth");
        Config config = config("goodpw").toBuilder().username("alice").password("s3cret").build();

        Helpers.publishMessage(config, message(topic, "authenticated", 1, true), TIMEOUT);

        assertThat(Helpers.receiveMessage(config("recv"), topic, 1, TIMEOUT).payloadAsString())
                .isEqualTo("authenticated");
        Helpers.clearRetainedMessage(config, topic, TIMEOUT);
    }

    @Test
    void credentialsInTheBrokerUrlAreSent() throws Exception {
        String topic = topic("urlauth");
        String url = "tcp://alice:s3cret@127.0.0.1:" + broker.port();
        Helpers.publishMessage(Config.withClientId(url, unique("urlpw")), message(topic, "from url", 1, true), TIMEOUT);
        assertThat(Helpers.receiveMessage(config("recv"), topic, 1, TIMEOUT).payloadAsString()).isEqualTo("from url");
        Helpers.clearRetainedMessage(config("clear"), topic, TIMEOUT);

        Config wrong = Config.withClientId("tcp://alice:nope@127.0.0.1:" + broker.port(), unique("urlbad"));
        assertThatThrownBy(() -> Helpers.clearSession(wrong, TIMEOUT))
                .isInstanceOf(CancellationException.class)
                .cause().isInstanceOf(ClientConnectionDeniedException.class);
    }

    @Test
    void nonPositiveTimeoutsAreRejected() {
        Config config = config("zero");
        assertThatThrownBy(() -> Helpers.clearSession(config, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Helpers.receiveMessage(config, "a", 0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearSessionOfANeverSeenClientSucceeds() throws Exception {
        Config config = config("fresh").toBuilder().cleanSession(false).build();

        Helpers.clearSession(config, TIMEOUT);

        try (Inbox inbox = new Inbox(TIMEOUT)) {
            ConnectFuture connected = inbox.connect(config);
            assertThat(connected.sessionPresent()).isFalse();
            assertThat(connected.returnCode()).contains(ConnackCode.ACCEPTED);
            inbox.client.disconnect();
        }
    }
}
