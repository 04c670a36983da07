package dev.mqttj.client;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The operations a {@link Client} and a {@link Service} share: publish, subscribe and unsubscribe,
 * each returning a future that completes on the broker's acknowledgement. Code that only sends and
 * subscribes can take this type and work with either.
 *
 * <p>Implementations are thread-safe. What happens when there is no connection differs: a
 * {@code Client} throws {@link ClientNotConnectedException}, a {@code Service} queues the command.
 */
public interface MqttOperations {

    /**
     * Publishes a message; see {@link #publishMessage(Message)}.
     *
     * @param topic the topic name
     * @param payload the payload; not copied, so do not change it afterwards
     * @param qos 0, 1 or 2
     * @param retain whether the broker retains the message
     * @return a future that completes when the QoS flow is done
     * @throws IllegalArgumentException if the topic or QoS is invalid
     * @throws ClientNotConnectedException if a client is not connected
     */
    GenericFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /**
     * Publishes a message: QoS 0 completes once written, QoS 1 on PUBACK, QoS 2 on PUBCOMP.
     *
     * @param message the message
     * @return a future that completes when the QoS flow is done
     * @throws NullPointerException if {@code message} is null
     * @throws ClientNotConnectedException if a client is not connected
     */
    GenericFuture<Void> publishMessage(Message message);

    /**
     * Publishes a message, as {@link #publishMessage(Message)}, and calls {@code whenDone} once its QoS flow is
     * done: with {@code (null, null)} on success, or with the failure the returned future is canceled with.
     * The same as calling {@link GenericFuture#onComplete} on the returned future, except that the client and
     * the service register the action before the message is handed over, without the lock a registration on
     * a future that is already shared takes: for an application that wraps every publish in a future of its
     * own, that lock was a measurable part of a QoS 0 publish.
     *
     * <p>The action runs on the thread that completes the flow (the writer, the reader or the service's
     * thread), or on the calling thread if it completes at once; it must not block. An exception it throws is
     * ignored. If this method throws for its arguments or because a client is not connected, the action is not
     * called; a client whose connection fails while it sends the message throws that failure and, as the
     * connection's end cancels the publish, calls the action with it too.
     *
     * @param message the message
     * @param whenDone called once with the outcome
     * @return a future that completes when the QoS flow is done, just before the action runs
     * @throws NullPointerException if an argument is null
     * @throws ClientNotConnectedException if a client is not connected
     */
    default GenericFuture<Void> publishMessage(Message message,
            BiConsumer<? super Void, ? super MqttClientException> whenDone) {
        Objects.requireNonNull(whenDone, "whenDone");
        GenericFuture<Void> future = publishMessage(message);
        future.onComplete(whenDone);
        return future;
    }

    /**
     * Subscribes to one topic filter; see {@link #subscribeMultiple(List)}.
     *
     * @param topicFilter the filter, e.g. {@code sensors/+/temp}
     * @param qos the maximum QoS to receive, 0..2
     * @return a future that completes with what the broker granted
     * @throws IllegalArgumentException if the filter or QoS is invalid
     * @throws ClientNotConnectedException if a client is not connected
     */
    SubscribeFuture subscribe(String topicFilter, int qos);

    /**
     * Subscribes to several topic filters with one SUBSCRIBE packet.
     *
     * @param subscriptions at least one subscription
     * @return a future that completes with what the broker granted per filter
     * @throws IllegalArgumentException if the list is empty
     * @throws ClientNotConnectedException if a client is not connected
     */
    SubscribeFuture subscribeMultiple(List<Subscription> subscriptions);

    /**
     * Unsubscribes from one topic filter; see {@link #unsubscribeMultiple(List)}.
     *
     * @param topicFilter the filter
     * @return a future that completes on UNSUBACK
     * @throws IllegalArgumentException if the filter is invalid
     * @throws ClientNotConnectedException if a client is not connected
     */
    GenericFuture<Void> unsubscribe(String topicFilter);

    /**
     * Unsubscribes from several topic filters with one UNSUBSCRIBE packet.
     *
     * @param topicFilters at least one filter
     * @return a future that completes on UNSUBACK
     * @throws IllegalArgumentException if the list is empty or a filter invalid
     * @throws ClientNotConnectedException if a client is not connected
     */
    GenericFuture<Void> unsubscribeMultiple(List<String> topicFilters);
}
