package dev.mqttj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Connect;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.testing.EmbeddedBroker;
import java.lang.ref.WeakReference;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket connections share their dialer's HTTP client, and the client (with its selector thread) goes with
 * the dialer: replacing dialers, as a reloaded certificate does, leaves no client behind.
 */
class StandardDialerWebSocketClientsTest {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().persistent(false).websocket(true).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aDialerAndItsCopiesWithAnotherTimeoutShareOneClient() throws Exception {
        StandardDialer dialer = Dialer.builder().build();

        StandardDialer copy = dialer.withConnectTimeout(Duration.ofSeconds(1));

        assertThat(copy.httpClient(false)).isSameAs(dialer.httpClient(false));
        assertThat(Dialer.builder().build().httpClient(false)).isNotSameAs(dialer.httpClient(false));
    }

    @Test
    void aReplacedDialersClientBecomesUnreachableOnceItsConnectionsClosed() throws Exception {
        List<WeakReference<HttpClient>> clients = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StandardDialer dialer = Dialer.builder().build();
            clients.add(new WeakReference<>(dialer.httpClient(false)));
            Connection connection = dialer.dial(broker.wsUrl(), Duration.ofSeconds(5));
            connection.send(new Connect(ProtocolVersion.MQTT_3_1_1, "ws-clients-" + i, 30, true, null, null, null));
            connection.flush();
            assertThat(connection.receive().type().name()).isEqualTo("CONNACK");
            connections.add(connection);
        }

        connections.forEach(Connection::close);
        connections.clear();

        // An unreachable HttpClient releases its selector thread; a static cache would keep all five.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return clients.stream().allMatch(client -> client.get() == null);
        });
    }
}
