package dev.mqttj.spring.core;

import java.util.List;

/**
 * Published when the broker refused a subscription or a resubscription after a reconnect failed.
 */
public final class MqttSubscriptionFailedEvent extends MqttConnectionEvent {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The filters concerned. */
    private final List<String> topicFilters;
    private final transient Throwable cause;

    /**
     * Creates the event.
     *
     * @param source the service whose subscription failed
     * @param topicFilters the filters concerned (may be empty when the broker's answer did not say)
     * @param cause the failure
     */
    public MqttSubscriptionFailedEvent(Object source, List<String> topicFilters, Throwable cause) {
        super(source);
        this.topicFilters = List.copyOf(topicFilters);
        this.cause = cause;
    }

    /**
     * Returns the topic filters concerned.
     *
     * @return the filters, possibly empty
     */
    public List<String> getTopicFilters() {
        return this.topicFilters;
    }

    /**
     * Returns the failure.
     *
     * @return the error the service reported
     */
    public Throwable getCause() {
        return this.cause;
    }
}
