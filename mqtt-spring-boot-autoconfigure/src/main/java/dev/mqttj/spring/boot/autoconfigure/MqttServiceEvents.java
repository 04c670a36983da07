package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.ErrorCallback;
import dev.mqttj.client.FailedSubscriptionException;
import dev.mqttj.client.OfflineCallback;
import dev.mqttj.client.OnlineCallback;
import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttConnectedEvent;
import dev.mqttj.spring.core.MqttDisconnectedEvent;
import dev.mqttj.spring.core.MqttSubscriptionFailedEvent;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns the service's callbacks into Spring application events.
 */
final class MqttServiceEvents implements OnlineCallback, OfflineCallback, ErrorCallback {

    private final Service service;
    private final ApplicationEventPublisher publisher;
    /** The last error reported while online: the cause of the disconnect that follows it. */
    private volatile Throwable lastError;
    private volatile boolean online;

    private MqttServiceEvents(Service service, ApplicationEventPublisher publisher) {
        this.service = service;
        this.publisher = publisher;
    }

    static void register(Service service, ApplicationEventPublisher publisher) {
        MqttServiceEvents events = new MqttServiceEvents(service, publisher);
        service.setOnlineCallback(events);
        service.setOfflineCallback(events);
        service.setErrorCallback(events);
    }

    @Override
    public void online(boolean resumed) {
        this.lastError = null;
        this.online = true;
        this.publisher.publishEvent(new MqttConnectedEvent(this.service, resumed));
    }

    @Override
    public void offline() {
        this.online = false;
        Throwable cause = this.lastError;
        this.lastError = null;
        this.publisher.publishEvent(new MqttDisconnectedEvent(this.service, cause));
    }

    @Override
    public void error(Throwable error) {
        if (error instanceof FailedSubscriptionException failed) {
            this.publisher.publishEvent(new MqttSubscriptionFailedEvent(this.service, failed.topicFilters(), error));
        }
        if (this.online) {
            this.lastError = error;
        }
    }
}
