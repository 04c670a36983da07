package dev.mqttj.spring.boot.autoconfigure.health;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.client.ServiceStatus;
import dev.mqttj.transport.BrokerUrl;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the MQTT connection: UP while the service is online, DOWN while it is offline (including
 * while it reconnects). Details: the broker URL (password masked), the client id, {@code onlineSince}
 * or {@code offlineSince}, connection attempts, the last error, and the queued and in-flight command
 * counts, then what each {@link MqttHealthDetailsContributor} adds (the listeners, when there are any).
 *
 * <p>Cheap enough for frequent probes: it reads a snapshot of the service's state and never talks to
 * the broker.
 */
public class MqttHealthIndicator extends AbstractHealthIndicator {

    private final Service service;
    private final String configuredUrl;
    private final String clientId;
    private final List<MqttHealthDetailsContributor> contributors;

    /**
     * Creates the indicator.
     *
     * @param service the service to report on
     * @param config the config the service is started with, for the broker URL and client id
     */
    public MqttHealthIndicator(Service service, Config config) {
        this(service, config, List.of());
    }

    /**
     * Creates the indicator with further details, such as the listeners.
     *
     * @param service the service to report on
     * @param config the config the service is started with, for the broker URL and client id
     * @param contributors add details after the connection's, in order
     */
    public MqttHealthIndicator(Service service, Config config, List<MqttHealthDetailsContributor> contributors) {
        super("MQTT health check failed");
        this.service = service;
        this.configuredUrl = BrokerUrl.redact(config.brokerUrl());
        this.clientId = config.clientId();
        this.contributors = List.copyOf(contributors);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ServiceStatus status = this.service.status();
        builder.status(status.online() ? Status.UP : Status.DOWN)
                .withDetail("brokerUrl", status.brokerUrl() != null ? status.brokerUrl() : this.configuredUrl)
                .withDetail("clientId", this.clientId);
        if (status.since() != null) {
            builder.withDetail(status.online() ? "onlineSince" : "offlineSince", status.since().toString());
        }
        builder.withDetail("connectionAttempts", status.connectionAttempts())
                .withDetail("queued", status.queued())
                .withDetail("inflight", status.inflight());
        if (status.lastError() != null) {
            // The core's messages carry no password; the stack trace stays out of the endpoint.
            builder.withDetail("lastError", status.lastError().toString());
        }
        for (MqttHealthDetailsContributor contributor : this.contributors) {
            contributor.contribute(builder);
        }
    }
}
