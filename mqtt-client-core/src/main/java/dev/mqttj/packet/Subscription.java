package dev.mqttj.packet;

import java.util.Objects;

/**
 * One entry of a SUBSCRIBE: a topic filter and the maximum QoS requested for it.
 *
 * @param topicFilter a valid topic filter: non-empty, '+' fills a whole level, '#' only as the whole last
 *     level, no U+0000, at most 65535 bytes in UTF-8
 * @param qos the requested QoS, 0..2
 */
public record Subscription(String topicFilter, int qos) {

    /**
     * Validates and creates a subscription.
     *
     * @throws NullPointerException if {@code topicFilter} is null
     * @throws IllegalArgumentException if the filter is invalid or the QoS is not 0..2
     */
    public Subscription {
        Objects.requireNonNull(topicFilter, "SUBSCRIBE: topic filter must not be null");
        String problem = TopicRules.filterProblem(topicFilter);
        if (problem != null) {
            throw new IllegalArgumentException("SUBSCRIBE: topic filter " + problem);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("SUBSCRIBE: requested QoS must be 0..2 but was " + qos);
        }
    }
}
