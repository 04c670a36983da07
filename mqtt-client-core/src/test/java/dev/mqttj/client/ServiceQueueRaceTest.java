package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.testing.BrokerRequirements;
import dev.mqttj.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bursts of publishes from several threads while the service connects. Runs against Mosquitto: the
 * embedded broker drops packets that arrive right after its CONNACK, which would hide what this tests.
 */
class ServiceQueueRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() {
        BrokerRequirements.requireMosquitto();
        broker = MosquittoBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Publishers that found the service busy queue their messages while the supervisor drains the
     * queue; whenever the supervisor ends on an empty queue, a message queued right after it must
     * still be sent. Several rounds of connect-time bursts make that race likely.
     */
    @Test
    void messagesQueuedWhileTheSupervisorEndsAreStillSent() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = "supervisor-race-" + round;
            Service service = new Service(10);
            service.setQueueTimeout(Duration.ofSeconds(20));
            MemorySession session = new MemorySession();
            service.setSession(session);
            service.start(Config.builder(broker.url()).clientId(id).build());
            int publishers = 4;
            int perPublisher = 2_000;
            List<GenericFuture<Void>> futures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        futures.add(service.publish("supervisor/race", new byte[8], 1, false));
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(60_000);
                assertThat(thread.isAlive()).as("publisher still blocked in round %d", round).isFalse();
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(futures).allMatch(GenericFuture<Void>::isDone,
                    "done; pending: " + futures.stream().filter(f -> !f.isDone()).count()
                    + " online: " + service.isOnline() + " session: "
                    + session.allPackets(Direction.OUTGOING).size()));
            assertThat(futures).noneMatch(GenericFuture<Void>::isCancelled);
            assertThat(futures).hasSize(publishers * perPublisher);
            service.stop(true);
        }
    }
}
