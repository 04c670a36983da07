package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.ClientEventListener;
import dev.mqttj.client.MqttClientException;
import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttConnectedEvent;
import dev.mqttj.spring.core.MqttDisconnectedEvent;
import dev.mqttj.spring.core.MqttSubscriptionFailedEvent;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns the service's connection events into Spring application events.
 */
final class MqttApplicationEvents implements ClientEventListener {

    private final Service service;
    private final ApplicationEventPublisher publisher;

    MqttApplicationEvents(Service service, ApplicationEventPublisher publisher) {
        this.service = service;
        this.publisher = publisher;
    }

    @Override
    public void connected(String brokerUrl, boolean sessionPresent) {
        this.publisher.publishEvent(new MqttConnectedEvent(this.service, sessionPresent));
    }

    @Override
    public void connectionLost(MqttClientException cause) {
        this.publisher.publishEvent(new MqttDisconnectedEvent(this.service, cause));
    }

    @Override
    public void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
        this.publisher.publishEvent(new MqttSubscriptionFailedEvent(this.service, topicFilters, cause));
    }
}
