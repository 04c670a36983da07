package dev.mqttj.client;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Subscription;
import java.util.List;

/** A publish, subscribe or unsubscribe a {@link Service} queues while offline or waits to see acknowledged. */
final class Command {
    enum Kind { PUBLISH, SUBSCRIBE, UNSUBSCRIBE }

    final Kind kind;
    final MqttFuture<?> future;
    final Message message;
    final List<Subscription> subscriptions;
    final List<String> topicFilters;
    /** A QoS 1 or 2 message already stored in the session under its packet id. */
    Publish stored;

    private Command(Kind kind, MqttFuture<?> future, Message message, List<Subscription> subscriptions,
            List<String> topicFilters) {
        this.kind = kind;
        this.future = future;
        this.message = message;
        this.subscriptions = subscriptions;
        this.topicFilters = topicFilters;
    }

    static Command publish(Message message, MqttFuture.Ack future) {
        return new Command(Kind.PUBLISH, future, message, null, null);
    }

    static Command subscribe(List<Subscription> subscriptions, MqttFuture.Subscribe future) {
        return new Command(Kind.SUBSCRIBE, future, null, subscriptions, null);
    }

    static Command unsubscribe(List<String> topicFilters, MqttFuture.Ack future) {
        return new Command(Kind.UNSUBSCRIBE, future, null, null, topicFilters);
    }

    /** The future of a publish or unsubscribe. */
    MqttFuture.Ack ack() {
        return (MqttFuture.Ack) future;
    }

    /** The future of a subscribe. */
    MqttFuture.Subscribe subscribeFuture() {
        return (MqttFuture.Subscribe) future;
    }
}
