package dev.mqttj.spring.listener;

import java.util.List;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the broker refused some of a listener's filters (SUBACK return code 0x80, for example
 * because of an access control list): the listener receives nothing through them, while the other
 * listeners go on. Brokers that grant a forbidden subscription and then deliver nothing (Mosquitto 2.0 does
 * this for MQTT 3.1.1 clients) give no such signal.
 */
public class MqttListenerSubscriptionRefusedEvent extends ApplicationEvent {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The id of the listener whose filters were refused. */
    private final String listenerId;
    /** The refused filters, as the listener subscribes them. */
    private final List<String> topicFilters;

    /**
     * Creates the event.
     *
     * @param source the registry that subscribed for the listener
     * @param listenerId the listener's id
     * @param topicFilters the listener's refused filters
     */
    public MqttListenerSubscriptionRefusedEvent(Object source, String listenerId, List<String> topicFilters) {
        super(source);
        this.listenerId = listenerId;
        this.topicFilters = List.copyOf(topicFilters);
    }

    /**
     * Returns the id of the listener whose filters were refused.
     *
     * @return the listener id
     */
    public String getListenerId() {
        return this.listenerId;
    }

    /**
     * Returns the refused filters, as the listener subscribes them (variables replaced by {@code +}).
     *
     * @return the filters
     */
    public List<String> getTopicFilters() {
        return this.topicFilters;
    }

    @Override
    public String toString() {
        return "MqttListenerSubscriptionRefusedEvent[listener=" + listenerId + ", filters=" + topicFilters + "]";
    }
}
