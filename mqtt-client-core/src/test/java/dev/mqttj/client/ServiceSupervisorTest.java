package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.testing.ChaosProxy;
import dev.mqttj.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervisor thread exists only while there is supervising to do: connecting, draining the
 * queue, going offline. An online, idle service runs on its client's reader thread alone.
 */
class ServiceSupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startDefault();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static long threadsNamed(String fragment) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains(fragment)).count();
    }

    @Test
    void idleOnlineServiceHasNoSupervisorThreadAndStillReconnectsAndStops() throws Exception {
        String id = "supervisor-idle";
        List<String> events = new CopyOnWriteArrayList<>();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        try (ChaosProxy proxy = ChaosProxy.start(broker.port())) {
            Service service = new Service();
            service.setMinReconnectDelay(Duration.ofMillis(10));
            service.setMaxReconnectDelay(Duration.ofMillis(100));
            service.setOnlineCallback(resumed -> events.add("online"));
            service.setOfflineCallback(() -> events.add("offline"));
            service.setMessageCallback(received::add);
            service.start(Config.builder(proxy.url()).clientId(id).build());
            await().atMost(WAIT).until(service::isOnline);
            broker.awaitClientConnected(id, WAIT);
            service.subscribe("supervisor/idle", 1).await(WAIT);

            await().atMost(WAIT).until(() -> threadsNamed("mqtt-" + id + "-service") == 0);
            assertThat(service.isOnline()).isTrue();

            service.publish("supervisor/idle", "direct".getBytes(StandardCharsets.UTF_8), 1, false).await(WAIT);
            assertThat(received.poll(20, TimeUnit.SECONDS)).isNotNull()
                    .extracting(Message::payloadAsString).isEqualTo("direct");

            proxy.cutAll();
            await().atMost(WAIT).until(() -> events.size() >= 3);
            await().atMost(WAIT).until(service::isOnline);
            assertThat(events).startsWith("online", "offline", "online");

            // The resubscribe after the reconnect restored the subscription.
            broker.awaitClientConnected(id, WAIT);
            service.publish("supervisor/idle", "again".getBytes(StandardCharsets.UTF_8), 1, false).await(WAIT);
            assertThat(received.poll(20, TimeUnit.SECONDS)).isNotNull()
                    .extracting(Message::payloadAsString).isEqualTo("again");
            await().atMost(WAIT).until(() -> threadsNamed("mqtt-" + id + "-service") == 0);

            service.stop(true);
            assertThat(events).endsWith("offline");
            assertThat(service.isStarted()).isFalse();
            await().atMost(WAIT).until(() -> threadsNamed("mqtt-" + id) == 0);
        }
    }

    @Test
    void stopFromTheMessageCallbackOfAnIdleServiceCompletes() throws Exception {
        String id = "supervisor-stop-in-callback";
        List<String> events = new CopyOnWriteArrayList<>();
        Service service = new Service();
        service.setOnlineCallback(resumed -> events.add("online"));
        service.setOfflineCallback(() -> events.add("offline"));
        service.setMessageCallback(message -> service.stop(false));
        service.start(Config.builder(broker.url()).clientId(id).build());
        await().atMost(WAIT).until(service::isOnline);
        broker.awaitClientConnected(id, WAIT);
        service.subscribe("supervisor/stop", 0).await(WAIT);
        await().atMost(WAIT).until(() -> threadsNamed("mqtt-" + id + "-service") == 0);

        service.publish("supervisor/stop", new byte[] {1}, 0, false);

        await().atMost(WAIT).until(() -> !service.isStarted());
        assertThat(events).containsExactly("online", "offline");
        await().atMost(WAIT).until(() -> threadsNamed("mqtt-" + id) == 0);
    }
}
