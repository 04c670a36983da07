package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.ClientEventListener;
import dev.mqttj.client.MqttClientException;
import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttConnectedEvent;
import dev.mqttj.spring.core.MqttDisconnectedEvent;
import dev.mqttj.spring.core.MqttSubscriptionFailedEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MqttApplicationEventsTests {

    private final List<Object> published = new ArrayList<>();
    private final Service service = new Service();
    private final MqttApplicationEvents events = new MqttApplicationEvents(service, published::add);

    @Test
    void connectedCarriesResumed() {
        events.connected("tcp://127.0.0.1:1", true);
        assertThat(((MqttConnectedEvent) published.get(0)).isResumed()).isTrue();
    }

    @Test
    void disconnectedCarriesTheCause() {
        MqttClientException cause = new MqttClientException("lost");
        events.connectionLost(cause);
        assertThat(((MqttDisconnectedEvent) published.get(0)).getCause()).isSameAs(cause);
    }

    @Test
    void subscriptionFailedCarriesTheFilters() {
        events.subscriptionFailed(List.of("a/#"), new MqttClientException("refused"));
        assertThat(((MqttSubscriptionFailedEvent) published.get(0)).getTopicFilters()).containsExactly("a/#");
    }

    @Test
    void eventsComeFromTheService() {
        events.connected("tcp://127.0.0.1:1", false);
        assertThat(((MqttConnectedEvent) published.get(0)).getSource()).isSameAs(service);
    }

    @Test
    void aThrowingListenerDoesNotHideTheEventFromTheNext() {
        List<Integer> seen = new ArrayList<>();
        ClientEventListener throwing = new ClientEventListener() {
            @Override
            public void published(int qos) {
                throw new IllegalStateException("listener bug");
            }
        };
        ClientEventListener counting = new ClientEventListener() {
            @Override
            public void published(int qos) {
                seen.add(qos);
            }
        };
        ClientEventListener.composite(List.of(throwing, counting)).published(2);
        assertThat(seen).containsExactly(2);
    }
}
