package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

import java.util.Objects;

/**
 * One entry of a SUBSCRIBE: a topic filter and the maximum QoS requested for it. Immutable; equal when
 * filter and QoS are equal.
 *
 * <p>A final class rather than a record: the packet decoder checks a filter on its bytes while it reads
 * them, and a record's constructor would check the decoded string a second time.
 */
public final class Subscription {
    private final String topicFilter;
    private final int qos;

    /**
     * Validates and creates a subscription.
     *
     * @param topicFilter a valid topic filter: non-empty, '+' fills a whole level, '#' only as the whole last
     *     level, no U+0000, at most 65535 bytes in UTF-8
     * @param qos the requested QoS, 0..2
     * @throws NullPointerException if {@code topicFilter} is null
     * @throws IllegalArgumentException if the filter is invalid or the QoS is not 0..2
     */
    public Subscription(String topicFilter, int qos) {
        Objects.requireNonNull(topicFilter, "SUBSCRIBE: topic filter must not be null");
        String problem = MqttStrings.filterProblem(topicFilter);
        if (problem != null) {
            throw new IllegalArgumentException("SUBSCRIBE: topic filter " + problem);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("SUBSCRIBE: requested QoS must be 0..2 but was " + qos);
        }
        this.topicFilter = topicFilter;
        this.qos = qos;
    }

    /** For the decoder, which has checked both fields against the same rules on the wire bytes. */
    private Subscription(int qos, String topicFilter) {
        this.topicFilter = topicFilter;
        this.qos = qos;
    }

    /** Creates a subscription from a filter and QoS the decoder has already checked. */
    static Subscription checked(String topicFilter, int qos) {
        return new Subscription(qos, topicFilter);
    }

    /**
     * Returns the topic filter.
     *
     * @return the filter, possibly with wildcards
     */
    public String topicFilter() {
        return topicFilter;
    }

    /**
     * Returns the requested QoS.
     *
     * @return 0, 1 or 2
     */
    public int qos() {
        return qos;
    }

    /**
     * Compares filter and QoS.
     *
     * @return whether {@code o} is a subscription with the same filter and QoS
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Subscription s && qos == s.qos && topicFilter.equals(s.topicFilter);
    }

    /**
     * Returns a hash code of filter and QoS.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return topicFilter.hashCode() * 31 + qos;
    }

    /**
     * Shows filter and QoS.
     *
     * @return for example {@code Subscription[topicFilter=a/+, qos=1]}
     */
    @Override
    public String toString() {
        return "Subscription[topicFilter=" + topicFilter + ", qos=" + qos + "]";
    }
}
