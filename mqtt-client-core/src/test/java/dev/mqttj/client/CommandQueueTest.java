package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandQueueTest {

    private static Command subscribe(String... filters) {
        List<Subscription> subscriptions = java.util.Arrays.stream(filters).map(f -> new Subscription(f, 1)).toList();
        return Command.subscribe(subscriptions, new MqttFuture.Subscribe(null, subscriptions));
    }

    @Test
    void isBoundedByItsCapacity() {
        CommandQueue queue = new CommandQueue(2);
        queue.addLast(subscribe("a"));
        assertThat(queue.isFull()).isFalse();
        queue.addLast(subscribe("b"));
        assertThat(queue.isFull()).isTrue();
        assertThat(queue.size()).isEqualTo(2);
        assertThatThrownBy(() -> new CommandQueue(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueSize");
    }

    @Test
    void unacknowledgedCommandsGoBackToTheHeadInTheirOrder() {
        CommandQueue queue = new CommandQueue(10);
        FutureStore futures = new FutureStore();
        Command first = subscribe("first");
        Command second = subscribe("second");
        Command done = subscribe("done");
        futures.put(1, first.future);
        futures.put(2, second.future);
        first.future.packetId = 1;
        second.future.packetId = 2;
        queue.sent(first);
        queue.sent(done);
        queue.sent(second);
        done.subscribeFuture().complete(null);
        queue.addLast(subscribe("queued"));

        queue.requeueUnacknowledged(futures);

        assertThat(queue.pollFirst()).isSameAs(first);
        assertThat(queue.pollFirst()).isSameAs(second);
        assertThat(queue.pollFirst().subscriptions).containsExactly(new Subscription("queued", 1));
        assertThat(futures.size()).as("untracked, to be tracked anew on the next connection").isZero();
        queue.requeueUnacknowledged(futures);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void reportsQueuedSubscribeFiltersAndStoredPublishIds() {
        CommandQueue queue = new CommandQueue(10);
        queue.addLast(subscribe("x", "y"));
        Command publish = Command.publish(Message.of("t", "p"), MqttFuture.publish(null));
        Message stored = new Message("t", new byte[0], 1, false);
        Command storedPublish = Command.publish(stored, MqttFuture.publish(null));
        storedPublish.stored = new Publish(stored, false, 7);
        queue.addLast(publish);
        queue.addLast(storedPublish);

        assertThat(queue.queuedSubscribeFilters()).containsExactlyInAnyOrder("x", "y");
        assertThat(queue.storedPublishIds()).containsExactly(7);
        assertThat(queue.clear()).hasSize(3);
        assertThat(queue.isEmpty()).isTrue();
    }
}
