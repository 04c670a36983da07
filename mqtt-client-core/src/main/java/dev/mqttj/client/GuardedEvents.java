package dev.mqttj.client;

import java.util.List;

/** Passes events on to the application's listener and ignores what it throws, as the listener's contract says. */
final class GuardedEvents implements ClientEventListener {

    private final ClientEventListener target;

    private GuardedEvents(ClientEventListener target) {
        this.target = target;
    }

    static ClientEventListener of(ClientEventListener listener) {
        if (listener == null || listener == NONE) {
            return NONE;
        }
        return listener instanceof GuardedEvents ? listener : new GuardedEvents(listener);
    }

    @Override
    public void connecting(String brokerUrl) {
        try {
            target.connecting(brokerUrl);
        } catch (RuntimeException ignored) {
            // A listener's failure must not change what the client does.
        }
    }

    @Override
    public void connected(String brokerUrl, boolean sessionPresent) {
        try {
            target.connected(brokerUrl, sessionPresent);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void connectFailed(String brokerUrl, MqttClientException cause) {
        try {
            target.connectFailed(brokerUrl, cause);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void connectionLost(MqttClientException cause) {
        try {
            target.connectionLost(cause);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void published(int qos) {
        try {
            target.published(qos);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void publishAcknowledged(int qos, long latencyNanos) {
        try {
            target.publishAcknowledged(qos, latencyNanos);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void messageReceived(int qos) {
        try {
            target.messageReceived(qos);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void queueFull() {
        try {
            target.queueFull();
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }

    @Override
    public void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
        try {
            target.subscriptionFailed(topicFilters, cause);
        } catch (RuntimeException ignored) {
            // See connecting.
        }
    }
}
