package dev.mqttj.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class OrderedLanesTests {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadFactory threadFactory = task -> {
        Thread thread = new Thread(task, "lane-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    };

    @Test
    void shutdownRunsWhatIsQueuedWhenThereIsTime() throws Exception {
        OrderedLanes lanes = new OrderedLanes(2, threadFactory);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            lanes.submit("topic/" + i, ran::incrementAndGet);
        }
        lanes.shutdown(10_000);
        assertThat(ran).hasValue(100);
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    /**
     * A slow listener with a full lane: making room for the stop would take the lane's capacity times the
     * listener's time (64 x 100 ms in the flood soak test), which used to hold the application's shutdown beyond
     * the drain timeout. Here the listener does not finish at all until the test lets it.
     */
    @Test
    void shutdownOfAFullLaneOfASlowListenerReturnsAfterTheTimeoutAndDropsWhatWasQueued() throws Exception {
        OrderedLanes lanes = new OrderedLanes(1, threadFactory);
        CountDownLatch listenerMayFinish = new CountDownLatch(1);
        CountDownLatch listenerBusy = new CountDownLatch(1);
        AtomicInteger ranAfterIt = new AtomicInteger();
        lanes.submit("slow", () -> {
            listenerBusy.countDown();
            try {
                listenerMayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(listenerBusy.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < OrderedLanes.LANE_CAPACITY; i++) {
            lanes.submit("slow", ranAfterIt::incrementAndGet);
        }
        assertThat(lanes.queued()).isEqualTo(OrderedLanes.LANE_CAPACITY);

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> lanes.shutdown(200));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        listenerMayFinish.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> threads.stream().noneMatch(Thread::isAlive));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(ranAfterIt).as("tasks queued behind the slow one, dropped at the timeout").hasValue(0);
        assertThat(lanes.queued()).isZero();
    }
}
