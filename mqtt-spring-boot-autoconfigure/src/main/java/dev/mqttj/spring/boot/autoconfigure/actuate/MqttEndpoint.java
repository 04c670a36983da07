package dev.mqttj.spring.boot.autoconfigure.actuate;

import dev.mqttj.client.Service;
import dev.mqttj.client.ServiceStatus;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code mqtt} actuator endpoint: the connection's state, the listeners' subscriptions, each listener with
 * its state and counts, and the messages in flight and queued. Read-only by default; with
 * {@code management.endpoint.mqtt.access=unrestricted} a listener can be stopped and started by id (a POST
 * to {@code /actuator/mqtt/{id}} with {@code {"state": "stopped"}} or {@code "running"}).
 */
@Endpoint(id = "mqtt", defaultAccess = Access.READ_ONLY)
public class MqttEndpoint {

    private final Service service;
    private final MqttListenerEndpointRegistry registry;

    /**
     * Creates the endpoint.
     *
     * @param service the application's MQTT service
     * @param registry the listener registry, or null when the application has no listener infrastructure
     */
    public MqttEndpoint(Service service, MqttListenerEndpointRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    /**
     * Describes the connection and the listeners.
     *
     * @return {@code connection} (started, online, since, connection attempts, broker URL with the password
     *     masked, last error), {@code queued} and {@code inFlight} commands, and, with listeners,
     *     {@code subscriptions} (filter to QoS) and {@code listeners} (id to state, filters and counts)
     */
    @ReadOperation
    public Map<String, Object> mqtt() {
        ServiceStatus status = service.status();
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("started", status.started());
        connection.put("online", status.online());
        connection.put("since", status.since() == null ? null : status.since().toString());
        connection.put("connectionAttempts", status.connectionAttempts());
        connection.put("brokerUrl", status.brokerUrl());
        connection.put("lastError", status.lastError() == null ? null : status.lastError().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection", connection);
        body.put("queued", status.queued());
        body.put("inFlight", status.inflight());
        if (registry != null) {
            body.put("subscriptions", registry.subscribedFilters());
            body.put("listeners", registry.describe());
        }
        return body;
    }

    /**
     * Describes one listener.
     *
     * @param id the listener's id
     * @return its state, filters and counts, or null (404) if there is no such listener
     */
    @ReadOperation
    public Map<String, Object> listener(@Selector String id) {
        return registry == null ? null : registry.describe().get(id);
    }

    /**
     * Stops or starts a listener: stopping unsubscribes the filters no other running listener uses, starting
     * subscribes them again. Returns once the request is made, before the broker answered.
     *
     * @param id the listener's id
     * @param state {@code running} or {@code stopped}
     * @return the listener's description afterwards, or null (404) if there is no such listener
     * @throws IllegalArgumentException (400) if the state is neither
     */
    @WriteOperation
    public Map<String, Object> changeListener(@Selector String id, String state) {
        if (registry == null || registry.getListenerContainer(id) == null) {
            return null;
        }
        switch (state) {
            case "running" -> registry.startListener(id);
            case "stopped" -> registry.stopListener(id);
            default -> throw new IllegalArgumentException("state must be 'running' or 'stopped', not '" + state + "'");
        }
        return registry.describe().get(id);
    }
}
