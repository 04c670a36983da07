package dev.mqttj.client;

import java.util.List;

/**
 * Receives structured events of a {@link Client} or {@link Service}, for metrics, health checks and
 * tracing; the string {@link Logger} is for people, this is for programs. Every method has an empty
 * default, so an implementation overrides only what it needs, and a client without a listener pays
 * nothing for the events.
 *
 * <p>Methods run on the client's and service's own threads (reader, writer, supervisor, or the
 * caller's thread for {@link #published}), possibly concurrently: keep them short, non-blocking and
 * thread-safe. An exception thrown by a method is ignored. Broker URLs passed here have their
 * password masked.
 */
public interface ClientEventListener {

    /** The listener that ignores every event. */
    ClientEventListener NONE = new ClientEventListener() { };

    /**
     * Combines listeners into one, for a client or service, which holds one: each event goes to every listener
     * in order, and what one throws is ignored and keeps the event from none of the others.
     *
     * @param listeners the listeners, possibly empty
     * @return one listener for all of them; {@link #NONE} when the list is empty
     * @throws NullPointerException if the list or a listener is null
     */
    static ClientEventListener composite(List<? extends ClientEventListener> listeners) {
        return EventListeners.of(listeners);
    }

    /**
     * A connection attempt starts.
     *
     * @param brokerUrl the broker URL, password masked
     */
    default void connecting(String brokerUrl) {
    }

    /**
     * The broker accepted the connection.
     *
     * @param brokerUrl the broker URL, password masked
     * @param sessionPresent whether the broker resumed a stored session
     */
    default void connected(String brokerUrl, boolean sessionPresent) {
    }

    /**
     * A connection attempt failed: dialing failed, the broker refused, or no CONNACK came in time.
     *
     * @param brokerUrl the broker URL, password masked
     * @param cause why
     */
    default void connectFailed(String brokerUrl, MqttClientException cause) {
    }

    /**
     * An accepted connection ended without being closed by the application: the broker closed it, the
     * network failed, keep-alive found the broker silent, or the broker broke the protocol.
     *
     * @param cause why
     */
    default void connectionLost(MqttClientException cause) {
    }

    /**
     * The application published a message (it may still wait in a queue or the in-flight window).
     *
     * @param qos the message's QoS
     */
    default void published(int qos) {
    }

    /**
     * The broker acknowledged a QoS 1 publish (PUBACK) or completed a QoS 2 publish (PUBCOMP).
     *
     * @param qos 1 or 2
     * @param latencyNanos the time from publishing to the acknowledgement, in nanoseconds
     */
    default void publishAcknowledged(int qos, long latencyNanos) {
    }

    /**
     * A message arrived and is about to be handed to the application.
     *
     * @param qos the message's QoS
     */
    default void messageReceived(int qos) {
    }

    /**
     * A service's offline queue was full for the whole queue timeout and refused a command.
     */
    default void queueFull() {
    }

    /**
     * The broker refused subscriptions, or a service's resubscription failed.
     *
     * @param topicFilters the filters concerned
     * @param cause why
     */
    default void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
    }
}
