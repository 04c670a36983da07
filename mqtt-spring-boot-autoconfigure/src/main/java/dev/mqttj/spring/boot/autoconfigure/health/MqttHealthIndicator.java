package dev.mqttj.spring.boot.autoconfigure.health;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.MqttUrls;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the MQTT connection: UP while the service is online, DOWN while it is offline (including
 * while it reconnects), with the broker URL (password masked) and the client id as details.
 *
 * <p>Cheap enough for frequent probes: it reads the service's state and never talks to the broker.
 */
public class MqttHealthIndicator extends AbstractHealthIndicator {

    private final Service service;
    private final String brokerUrl;
    private final String clientId;

    /**
     * Creates the indicator.
     *
     * @param service the service to report on
     * @param config the config the service was started with, for the broker URL and client id
     */
    public MqttHealthIndicator(Service service, Config config) {
        super("MQTT health check failed");
        this.service = service;
        this.brokerUrl = MqttUrls.masked(config.brokerUrl());
        this.clientId = config.clientId();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.status(this.service.isOnline() ? org.springframework.boot.health.contributor.Status.UP
                : org.springframework.boot.health.contributor.Status.DOWN);
        builder.withDetail("brokerUrl", this.brokerUrl).withDetail("clientId", this.clientId);
    }
}
