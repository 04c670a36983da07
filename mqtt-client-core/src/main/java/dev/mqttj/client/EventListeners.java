package dev.mqttj.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each event to one or more listeners in order and ignores what they throw, as the listener's contract
 * says: a listener's failure disturbs neither the connection nor the listeners after it. A client or service
 * holds one listener; this is how several share it.
 */
final class EventListeners implements ClientEventListener {

    private final ClientEventListener[] listeners;
    /**
     * The listeners that override {@link #messageReceived}: the one event raised per received message, which
     * listeners interested only in the connection (application events, health) would otherwise be called for
     * with nothing to do.
     */
    private final ClientEventListener[] messageReceivers;
    /** Likewise for the two events raised per publish. */
    private final ClientEventListener[] publishers;
    private final ClientEventListener[] acknowledgementTimers;

    private EventListeners(List<? extends ClientEventListener> listeners) {
        this.listeners = listeners.toArray(new ClientEventListener[0]);
        this.messageReceivers = overriding(listeners, "messageReceived", int.class);
        this.publishers = overriding(listeners, "published", int.class);
        this.acknowledgementTimers = overriding(listeners, "publishAcknowledged", int.class, long.class);
    }

    private static ClientEventListener[] overriding(List<? extends ClientEventListener> listeners, String method,
            Class<?>... parameters) {
        // A loop rather than a stream: it runs while the application starts, when each lambda costs a spun class.
        List<ClientEventListener> overriding = new ArrayList<>(listeners.size());
        for (ClientEventListener listener : listeners) {
            if (overrides(listener, method, parameters)) {
                overriding.add(listener);
            }
        }
        return overriding.toArray(new ClientEventListener[0]);
    }

    private static boolean overrides(ClientEventListener listener, String method, Class<?>... parameters) {
        try {
            return listener.getClass().getMethod(method, parameters).getDeclaringClass() != ClientEventListener.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true;
        }
    }

    /**
     * Tells whether the events go to a listener that takes acknowledgement latencies, so that a client or service
     * reads the clock per publish only then.
     */
    static boolean timesAcknowledgements(ClientEventListener events) {
        return events instanceof EventListeners composite ? composite.acknowledgementTimers.length > 0
                : events != NONE;
    }

    static ClientEventListener of(List<? extends ClientEventListener> listeners) {
        List<? extends ClientEventListener> all = List.copyOf(listeners);
        if (all.isEmpty() || all.size() == 1 && all.get(0) == NONE) {
            return NONE;
        }
        // A composite set as the one listener is used as it is: wrapping it again would cost a second loop
        // and lambda on every message received.
        if (all.size() == 1 && all.get(0) instanceof EventListeners composite) {
            return composite;
        }
        return new EventListeners(all);
    }

    private void each(Consumer<ClientEventListener> event) {
        each(listeners, event);
    }

    /** Short-lived lambdas inlined with this method: the JIT keeps them off the heap on the per-message events. */
    private static void each(ClientEventListener[] targets, Consumer<ClientEventListener> event) {
        for (ClientEventListener listener : targets) {
            try {
                event.accept(listener);
            } catch (RuntimeException ignored) {
                // A listener's failure must not change what the client does.
            }
        }
    }

    @Override
    public void connecting(String brokerUrl) {
        each(listener -> listener.connecting(brokerUrl));
    }

    @Override
    public void connected(String brokerUrl, boolean sessionPresent) {
        each(listener -> listener.connected(brokerUrl, sessionPresent));
    }

    @Override
    public void connectFailed(String brokerUrl, MqttClientException cause) {
        each(listener -> listener.connectFailed(brokerUrl, cause));
    }

    @Override
    public void connectionLost(MqttClientException cause) {
        each(listener -> listener.connectionLost(cause));
    }

    @Override
    public void published(int qos) {
        each(publishers, listener -> listener.published(qos));
    }

    @Override
    public void publishAcknowledged(int qos, long latencyNanos) {
        each(acknowledgementTimers, listener -> listener.publishAcknowledged(qos, latencyNanos));
    }

    @Override
    public void messageReceived(int qos) {
        each(messageReceivers, listener -> listener.messageReceived(qos));
    }

    @Override
    public void queueFull() {
        each(ClientEventListener::queueFull);
    }

    @Override
    public void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
        each(listener -> listener.subscriptionFailed(topicFilters, cause));
    }
}
