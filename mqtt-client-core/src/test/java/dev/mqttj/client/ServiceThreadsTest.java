package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import dev.mqttj.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A service that is started and stopped over and over leaves no thread behind. */
class ServiceThreadsTest {

    /** Shared by all clients and ends itself after a second without work, so it may outlive a stop briefly. */
    private static final String TIMER = "mqttj-timer";

    @Test
    void twoHundredStartStopCyclesLeaveNoThreadBehind() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            Service service = new Service();
            Semaphore online = new Semaphore(0);
            AtomicInteger offline = new AtomicInteger();
            service.setOnlineCallback(resumed -> online.release());
            service.setOfflineCallback(offline::incrementAndGet);
            Config config = Config.withClientId(broker.url(), "cycles");
            Set<Thread> before = liveThreads();
            int liveBefore = before.size();

            for (int i = 0; i < 200; i++) {
                service.start(config);
                assertThat(online.tryAcquire(10, TimeUnit.SECONDS)).as("online in cycle %d", i).isTrue();
                service.stop(true);
            }

            assertThat(offline).hasValue(200);
            await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Set<Thread> now = liveThreads();
                Set<String> added = now.stream().filter(t -> !before.contains(t)).map(Thread::getName)
                        .collect(Collectors.toSet());
                assertThat(added).as("threads started by the cycles and still alive").isEmpty();
                assertThat(now.size()).isLessThanOrEqualTo(liveBefore);
            });
        }
    }

    @Test
    void stopsDuringConnectionAttemptsLeaveNoThreadBehind() throws Exception {
        int cycles = 50;
        List<Flow> flows = new ArrayList<>();
        CountDownLatch[] attempts = new CountDownLatch[cycles];
        for (int i = 0; i < cycles; i++) {
            CountDownLatch attempt = new CountDownLatch(1);
            attempts[i] = attempt;
            // Never answers CONNECT: each stop ends an attempt that is waiting for CONNACK.
            flows.add(Flow.create("silent " + i).receive(ServicePackets.connect()).run(attempt::countDown).end());
        }
        try (FakeBroker broker = FakeBroker.start(flows)) {
            Service service = new Service();
            AtomicInteger errors = new AtomicInteger();
            service.setErrorCallback(error -> errors.incrementAndGet());
            Config config = ServicePackets.config(broker.url());
            Set<Thread> before = liveThreads();

            for (int i = 0; i < cycles; i++) {
                service.start(config);
                assertThat(attempts[i].await(10, TimeUnit.SECONDS)).as("attempt %d", i).isTrue();
                service.stop(true);
            }

            assertThat(errors).hasValue(0);
            broker.awaitDone(Duration.ofSeconds(10));
            await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(liveThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                            .collect(Collectors.toSet())).isEmpty());
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !t.getName().equals(TIMER))
                .collect(Collectors.toSet());
    }
}
