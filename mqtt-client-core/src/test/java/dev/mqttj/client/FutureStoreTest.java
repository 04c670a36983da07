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
}
