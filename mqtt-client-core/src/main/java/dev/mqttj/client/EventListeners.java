package dev.mqttj.client;

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

    private EventListeners(List<? extends ClientEventListener> listeners) {
        this.listeners = listeners.toArray(new ClientEventListener[0]);
        this.messageReceivers = listeners.stream().filter(EventListeners::receivesMessages)
                .toArray(ClientEventListener[]::new);
    }

    private static boolean receivesMessages(ClientEventListener listener) {
        try {
            return listener.getClass().getMethod("messageReceived", int.class).getDeclaringClass()
                    != ClientEventListener.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true;
        }
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

    /** Short-lived lambdas inlined with this method: the JIT keeps them off the heap on the per-message events. */
    private void each(Consumer<ClientEventListener> event) {
        for (ClientEventListener listener : listeners) {
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
        each(listener -> listener.published(qos));
    }

    @Override
    public void publishAcknowledged(int qos, long latencyNanos) {
        each(listener -> listener.publishAcknowledged(qos, latencyNanos));
    }

    @Override
    public void messageReceived(int qos) {
        for (ClientEventListener listener : messageReceivers) {
            try {
                listener.messageReceived(qos);
            } catch (RuntimeException ignored) {
                // A listener's failure must not change what the client does.
            }
        }
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
