package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FutureStoreTest {

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        FutureStore store = new FutureStore();
        Map<Integer, MqttFuture<?>> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            int id = 1 + random.nextInt(random.nextBoolean() ? 64 : 65535);
            if (random.nextInt(3) == 0) {
                MqttFuture<?> existing = model.get(id);
                boolean removed = existing != null && store.remove(id, existing);
                assertThat(removed).as("seed %d", seed).isEqualTo(existing != null);
                model.remove(id);
            } else {
                MqttFuture.Ack future = MqttFuture.publish(null);
                assertThat(store.put(id, future)).isTrue();
                model.put(id, future);
            }
            if (i % 997 == 0) {
                assertThat(store.size()).as("seed %d", seed).isEqualTo(model.size());
                for (Map.Entry<Integer, MqttFuture<?>> entry : model.entrySet()) {
                    assertThat(store.get(entry.getKey())).as("seed %d id %d", seed, entry.getKey())
                            .isSameAs(entry.getValue());
                }
            }
        }
    }

    @Test
    void removeOnlyRemovesTheExpectedFuture() {
        FutureStore store = new FutureStore();
        MqttFuture.Ack first = MqttFuture.publish(null);
        MqttFuture.Ack second = MqttFuture.publish(null);
        store.put(7, first);
        store.put(7, second);
        assertThat(store.remove(7, first)).isFalse();
        assertThat(store.get(7)).isSameAs(second);
    }

    @Test
    void clearCancelsUnlessProtectedAndCloseRejectsLaterPuts() {
        FutureStore store = new FutureStore();
        MqttFuture.Ack future = MqttFuture.publish(null);
        store.put(1, future);
        store.protect(true);
        store.clear(new ClientNotConnectedException());
        assertThat(future.isDone()).isFalse();
        store.protect(false);
        store.clear(new ClientNotConnectedException());
        assertThat(future.isCancelled()).isTrue();
        store.close(new ClientNotConnectedException());
        assertThat(store.put(2, MqttFuture.publish(null))).isFalse();
        store.reopen();
        assertThat(store.put(2, MqttFuture.publish(null))).isTrue();
    }

    @Test
    void awaitEmptyReturnsWhenTheLastFutureIsRemoved() throws Exception {
        FutureStore store = new FutureStore();
        MqttFuture.Ack future = MqttFuture.publish(null);
        store.put(3, future);
        Thread remover = new Thread(() -> store.remove(3, future));
        long start = System.nanoTime();
        remover.start();
        store.awaitEmpty(Duration.ofSeconds(30));
        assertThat(store.size()).isZero();
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void awaitEmptyGivesUpAtItsDeadlineNeitherEarlierNorMuchLater() throws Exception {
        FutureStore store = new FutureStore();
        store.put(1, MqttFuture.publish(null));
        Duration timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> store.awaitEmpty(timeout));
        long waited = System.nanoTime() - start;
        assertThat(waited).isGreaterThanOrEqualTo(timeout.toNanos()).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void awaitEmptyOnAnEmptyStoreOrWithANonPositiveTimeoutReturnsAtOnce() throws Exception {
        FutureStore store = new FutureStore();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> store.awaitEmpty(Duration.ofDays(1)));
        store.put(1, MqttFuture.publish(null));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> store.awaitEmpty(Duration.ZERO));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void clearAndCloseWakeAWaiter() throws Exception {
        for (boolean close : new boolean[] {false, true}) {
            FutureStore store = new FutureStore();
            MqttFuture.Ack future = MqttFuture.publish(null);
            store.put(1, future);
            java.util.concurrent.CompletableFuture<Void> waited = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    store.awaitEmpty(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Only a waiter already inside wait() tells whether clear and close wake it.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitingOn(store));
            if (close) {
                store.close(new IllegalStateException("closed"));
            } else {
                store.clear(new IllegalStateException("cleared"));
            }
            waited.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(store.size()).isZero();
            assertThat(future.isDone()).isTrue();
        }
    }

    /** Whether some thread is blocked in {@code wait} on the store's monitor. */
    private static boolean waitingOn(Object monitor) {
        String expected = monitor.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(monitor));
        for (java.lang.management.ThreadInfo info : java.lang.management.ManagementFactory.getThreadMXBean()
                .dumpAllThreads(true, false)) {
            if (info.getLockInfo() != null && expected.equals(info.getLockInfo().toString())
                    && info.getThreadState() == Thread.State.TIMED_WAITING) {
                return true;
            }
        }
        return false;
    }
}
