package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.ClientEventListener;
import dev.mqttj.client.MqttClientException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each event to several listeners in order, since a service holds one listener only. A
 * listener that throws does not keep the event from the ones after it.
 */
final class CompositeClientEventListener implements ClientEventListener {

    private final ClientEventListener[] listeners;

    private CompositeClientEventListener(List<ClientEventListener> listeners) {
        this.listeners = listeners.toArray(new ClientEventListener[0]);
    }

    /** Returns one listener for all: none, the only one itself, or a composite. */
    static ClientEventListener of(List<ClientEventListener> listeners) {
        if (listeners.isEmpty()) {
            return ClientEventListener.NONE;
        }
        return listeners.size() == 1 ? listeners.get(0) : new CompositeClientEventListener(listeners);
    }

    /** The lambdas are short-lived and inlined with this method, so the JIT keeps them off the heap. */
    private void each(Consumer<ClientEventListener> event) {
        for (ClientEventListener listener : this.listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException ignored) {
                // As in the core: a listener's failure must disturb neither the connection nor the other listeners.
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
        each(listener -> listener.messageReceived(qos));
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
