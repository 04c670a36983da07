package dev.mqttj.topic;

import dev.mqttj.internal.MqttStrings;

import java.util.Objects;
import java.util.Optional;

/**
 * A shared subscription, written {@code $share/{group}/{filter}}: the broker delivers each matching message to
 * one subscriber of the group instead of to all of them. Shared subscriptions are standard in MQTT 5 and
 * supported by most MQTT 3.1.1 brokers (Mosquitto, HiveMQ, EMQX, Moquette) under the same syntax.
 *
 * @param group the share group name: not empty, without {@code '/'}, {@code '+'} or {@code '#'}
 * @param filter the topic filter the group subscribes to, a valid non-shared topic filter
 */
public record SharedSubscription(String group, String filter) {

    /** The prefix that marks a shared subscription filter. */
    static final String PREFIX = MqttStrings.SHARE_PREFIX;

    /**
     * Creates a shared subscription after validating both parts.
     *
     * @param group the share group name: not empty, without {@code '/'}, {@code '+'} or {@code '#'}
     * @param filter the topic filter the group subscribes to, a valid non-shared topic filter
     * @throws NullPointerException if group or filter is null
     * @throws IllegalArgumentException if the group is empty or contains {@code '/'}, {@code '+'} or {@code '#'},
     *     or the filter is not a valid topic filter; the message names the problem
     */
    public SharedSubscription {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(filter, "filter");
        int slash = group.indexOf(Topics.SEPARATOR);
        if (slash >= 0) {
            throw new IllegalArgumentException("shared subscription group '" + group + "' contains '/' at index " + slash);
        }
        String problem = Topics.filterProblem(PREFIX + group + Topics.SEPARATOR + filter);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Parses a filter of the form {@code $share/{group}/{filter}}.
     *
     * @param filter a topic filter
     * @return the shared subscription, or empty if the filter does not start with {@code $share/}
     * @throws NullPointerException if filter is null
     * @throws IllegalArgumentException if the filter starts with {@code $share/} but its group or inner filter
     *     is invalid; the message names the problem
     */
    public static Optional<SharedSubscription> parse(String filter) {
        Objects.requireNonNull(filter, "filter");
        if (!filter.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Topics.checkFilter(filter);
        int groupEnd = filter.indexOf(Topics.SEPARATOR, PREFIX.length());
        return Optional.of(new SharedSubscription(
                filter.substring(PREFIX.length(), groupEnd), filter.substring(groupEnd + 1)));
    }

    /**
     * Returns the filter to subscribe with.
     *
     * @return {@code $share/{group}/{filter}}
     */
    public String toFilter() {
        return PREFIX + group + Topics.SEPARATOR + filter;
    }
}
