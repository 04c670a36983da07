package dev.mqttj.testing;

import static dev.mqttj.testing.MosquittoBrokerTest.assertRoundTrip;
import static dev.mqttj.testing.MosquittoBrokerTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.testing.RawMqttClient.Received;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);


    @Test
    void publishesAndSubscribesOverTcpAndWebsocket() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().websocket(true).start()) {
            assertThat(broker.port()).isPositive();
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            assertThat(broker.wsUrl()).isEqualTo("ws://127.0.0.1:" + broker.wsPort() + "/mqtt");
            assertRoundTrip(client(broker), client(broker));
            assertRoundTrip(RawMqttClient.ws(broker.wsPort()).afterConnack(settle(broker)), client(broker));
        }
    }

    @Test
    void acceptsMessagesLargerThanMoquettesDefaultLimit() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().persistent(false).start();
             RawMqttClient subscriber = client(broker);
             RawMqttClient publisher = client(broker)) {
            assertThat(subscriber.connect("big-sub", true)).isZero();
            assertThat(subscriber.subscribe(1, "big", 0)).isZero();
            assertThat(publisher.connect("big-pub", true)).isZero();
            byte[] payload = new byte[1024 * 1024];
            Arrays.fill(payload, (byte) 'x');
            publisher.publish("big", payload, 1, 1, false);
            Received received = subscriber.receivePublish();
            assertThat(received.payload()).hasSize(payload.length);
        }
    }

    @Test
    void restartKeepsThePortAndPersistentSessions() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startDefault()) {
            int port = broker.port();
            try (RawMqttClient subscriber = client(broker)) {
                assertThat(subscriber.connect("durable", false)).isZero();
                assertThat(subscriber.subscribe(1, "queue/#", 1)).isEqualTo(1);
                subscriber.disconnect();
            }
            // Offline before the publish, or the message goes to the closing connection instead of the queue.
            broker.awaitClientDisconnected("durable", TIMEOUT);
            try (RawMqttClient publisher = client(broker)) {
                assertThat(publisher.connect("publisher", true)).isZero();
                publisher.publish("queue/offline", bytes("queued"), 1, 2, false);
                publisher.disconnect();
            }
            // Moquette acknowledges before it routes; it handles the DISCONNECT after the PUBLISH it followed.
            broker.awaitClientDisconnected("publisher", TIMEOUT);
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(FreePorts.accepts(port, Duration.ofMillis(200))).isFalse();
            broker.start();
            assertThat(broker.port()).isEqualTo(port);
            try (RawMqttClient subscriber = client(broker)) {
                assertThat(subscriber.connect("durable", false)).isZero();
                Received queued = subscriber.receivePublish();
                assertThat(queued.payload()).isEqualTo("queued");
            }
        }
    }

    @Test
    void reportsConnectedClients() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().persistent(false).start();
             RawMqttClient client = client(broker)) {
            assertThat(client.connect("listed", true)).isZero();
            assertThat(broker.connectedClientIds()).contains("listed");
            assertThatThrownBy(() -> broker.awaitClientConnected("absent", Duration.ofMillis(50)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("absent");
        }
    }

    @Test
    void awaitClientDisconnectedWaitsUntilTheSessionIsReleased() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().persistent(false).start()) {
            try (RawMqttClient durable = RawMqttClient.tcp(broker.port());
                 RawMqttClient clean = RawMqttClient.tcp(broker.port())) {
                assertThat(durable.connect("released-durable", false)).isZero();
                assertThat(clean.connect("released-clean", true)).isZero();
                // Moquette may not list a client right after CONNACK; its session exists from the CONNECT on.
                assertThat(broker.sessionStatus("released-durable")).isIn("CONNECTING", "CONNECTED");
                assertThatThrownBy(() -> broker.awaitClientDisconnected("released-durable", Duration.ofMillis(50)))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("released-durable");

                durable.disconnect();
                clean.disconnect();
                broker.awaitClientDisconnected("released-durable", TIMEOUT);
                broker.awaitClientDisconnected("released-clean", Duration.ofSeconds(10));
            }
            assertThat(broker.sessionStatus("released-durable")).isEqualTo("DISCONNECTED");
            assertThat(broker.sessionStatus("released-clean")).isNull();
            assertThat(broker.connectedClientIds()).doesNotContain("released-durable", "released-clean");
            broker.awaitClientDisconnected("never-seen", Duration.ofMillis(50));
        }
    }

    /** A raw client that waits after CONNACK until Moquette has really marked it connected. */
    private static RawMqttClient client(EmbeddedBroker broker) throws java.io.IOException {
        return RawMqttClient.tcp(broker.port()).afterConnack(settle(broker));
    }

    private static java.util.function.Consumer<String> settle(EmbeddedBroker broker) {
        return clientId -> broker.awaitClientConnected(clientId, Duration.ofSeconds(10));
    }

    @Test
    void closeStopsTheBrokerAndRemovesItsData() {
        EmbeddedBroker broker = EmbeddedBroker.startDefault();
        int port = broker.port();
        broker.close();
        assertThat(broker.isRunning()).isFalse();
        assertThat(FreePorts.accepts(port, Duration.ofMillis(200))).isFalse();
        assertThatThrownBy(broker::wsPort).isInstanceOf(IllegalStateException.class).hasMessageContaining("websocket");
    }
}
