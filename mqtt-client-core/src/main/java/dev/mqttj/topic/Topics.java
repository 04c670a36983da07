package dev.mqttj.topic;

import dev.mqttj.internal.MqttStrings;

import java.util.Objects;

/**
 * Validation and matching of MQTT 3.1.1 topic names and topic filters (specification section 4.7).
 *
 * <p>A <em>topic name</em> is what a message is published to; it never contains the wildcards
 * {@code '+'} and {@code '#'}. A <em>topic filter</em> is what a client subscribes to; {@code '+'} matches
 * exactly one level and {@code '#'} matches any number of levels, including the parent level. A filter of
 * the form {@code $share/{group}/{filter}} is a shared subscription (see {@link SharedSubscription}); it is
 * validated and matched by its inner filter.
 *
 * <p>All methods are stateless and thread-safe. {@link #matches(String, String)} does not allocate.
 */
public final class Topics {

    static final char SEPARATOR = '/';
    static final char SINGLE_LEVEL_WILDCARD = '+';
    static final char MULTI_LEVEL_WILDCARD = '#';

    private Topics() {
    }

    /**
     * Checks that a string is a valid topic name to publish to.
     *
     * @param topic the topic name
     * @throws IllegalArgumentException if the name is null or empty, contains {@code '+'}, {@code '#'},
     *     U+0000 or an unpaired surrogate, or is longer than 65,535 bytes in UTF-8; the message names the problem
     */
    public static void checkName(String topic) {
        String problem = nameProblem(topic);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Checks that a string is a valid topic filter to subscribe to, shared ({@code $share/group/filter}) or not.
     *
     * @param filter the topic filter
     * @throws IllegalArgumentException if the filter is null or empty, has a {@code '+'} that is not a whole
     *     level, a {@code '#'} that is not the whole last level, contains U+0000 or an unpaired surrogate, is
     *     longer than 65,535 bytes in UTF-8, or is a shared filter with an empty or invalid group or an invalid
     *     inner filter; the message names the problem
     */
    public static void checkFilter(String filter) {
        String problem = filterProblem(filter);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Tells whether a string is a valid topic name; see {@link #checkName(String)}.
     *
     * @param topic the topic name, may be null
     * @return true if {@link #checkName(String)} would accept it
     */
    public static boolean isValidName(String topic) {
        return nameProblem(topic) == null;
    }

    /**
     * Tells whether a string is a valid topic filter; see {@link #checkFilter(String)}.
     *
     * @param filter the topic filter, may be null
     * @return true if {@link #checkFilter(String)} would accept it
     */
    public static boolean isValidFilter(String filter) {
        return filterProblem(filter) == null;
    }

    /**
     * Tells whether a topic name matches a topic filter, following MQTT 3.1.1 section 4.7: {@code '+'} matches
     * exactly one level, which may be empty ({@code "+/+"} matches {@code "/finance"}); {@code '#'} matches the
     * parent level and any number of levels below it ({@code "sport/#"} matches {@code "sport"}); a wildcard in
     * the first level never matches a topic that starts with {@code '$'}; a shared filter matches by its
     * inner filter.
     *
     * <p>Neither argument is validated beyond null checks, so that this method can run on every received
     * message without allocating: validate filters once with {@link #checkFilter(String)} when they are
     * registered. Wildcard characters that do not occupy a whole level are compared literally.
     *
     * @param filter the topic filter
     * @param topic the topic name
     * @return true if the topic matches the filter
     * @throws NullPointerException if an argument is null
     */
    public static boolean matches(String filter, String topic) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(topic, "topic");
        int f = innerFilterStart(filter);
        if (f < 0) {
            return false;
        }
        int filterLength = filter.length();
        int topicLength = topic.length();
        if (startsWithDollar(topic) && isWildcardLevel(filter, f)) {
            return false;
        }
        int t = 0;
        while (true) {
            // f and t are at the start of a level here.
            if (isWildcardLevel(filter, f, MULTI_LEVEL_WILDCARD) && f + 1 == filterLength) {
                return true;
            }
            if (isWildcardLevel(filter, f, SINGLE_LEVEL_WILDCARD)) {
                while (t < topicLength && topic.charAt(t) != SEPARATOR) {
                    t++;
                }
                f++;
            } else {
                while (f < filterLength) {
                    char c = filter.charAt(f);
                    if (c == SEPARATOR) {
                        break;
                    }
                    if (t >= topicLength || topic.charAt(t) != c) {
                        return false;
                    }
                    f++;
                    t++;
                }
                if (t < topicLength && topic.charAt(t) != SEPARATOR) {
                    return false;
                }
            }
            // Both are at the end of a level: at a separator or at the end of the string.
            boolean filterEnded = f == filterLength;
            boolean topicEnded = t == topicLength;
            if (filterEnded || topicEnded) {
                // "a/#" also matches "a": the only filter rest a finished topic can match is "/#".
                return filterEnded && topicEnded
                        || topicEnded && f + 2 == filterLength && filter.charAt(f + 1) == MULTI_LEVEL_WILDCARD;
            }
            f++;
            t++;
        }
    }

    /** Tells whether the topic starts with '$', whose first level no wildcard in the first level matches. */
    static boolean startsWithDollar(String topic) {
        return !topic.isEmpty() && topic.charAt(0) == '$';
    }

    /**
     * Returns the index where the matched part of a filter starts: 0 for a plain filter, the index after the
     * group for a shared one, or -1 for a shared filter without a group separator.
     */
    static int innerFilterStart(String filter) {
        return MqttStrings.innerFilterStart(filter);
    }

    private static boolean isWildcardLevel(String filter, int levelStart) {
        return isWildcardLevel(filter, levelStart, SINGLE_LEVEL_WILDCARD)
                || isWildcardLevel(filter, levelStart, MULTI_LEVEL_WILDCARD);
    }

    private static boolean isWildcardLevel(String filter, int levelStart, char wildcard) {
        int next = levelStart + 1;
        return levelStart < filter.length() && filter.charAt(levelStart) == wildcard
                && (next == filter.length() || filter.charAt(next) == SEPARATOR);
    }

    /** Returns why a string is not a valid topic name, or null if it is one. */
    static String nameProblem(String topic) {
        String problem = topic == null ? "must not be empty" : MqttStrings.nameProblem(topic);
        return problem == null ? null : "topic name " + problem;
    }

    /** Returns why a string is not a valid topic filter, shared or not, or null if it is one. */
    static String filterProblem(String filter) {
        String problem = filter == null ? "must not be empty" : MqttStrings.filterProblem(filter);
        return problem == null ? null : "topic filter " + problem;
    }
}
