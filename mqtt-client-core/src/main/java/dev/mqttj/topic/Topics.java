package dev.mqttj.topic;

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

    /** The largest number of UTF-8 bytes an MQTT string may have. */
    static final int MAX_UTF8_LENGTH = 65_535;

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
        if (!filter.startsWith(SharedSubscription.PREFIX)) {
            return 0;
        }
        int groupEnd = filter.indexOf(SEPARATOR, SharedSubscription.PREFIX.length());
        return groupEnd < 0 ? -1 : groupEnd + 1;
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
        if (topic == null || topic.isEmpty()) {
            return "topic name must not be empty";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == SINGLE_LEVEL_WILDCARD || c == MULTI_LEVEL_WILDCARD) {
                return "topic name '" + topic + "' contains wildcard '" + c + "'";
            }
        }
        return encodingProblem("topic name", topic);
    }

    /** Returns why a string is not a valid topic filter, or null if it is one. */
    static String filterProblem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "topic filter must not be empty";
        }
        String problem = encodingProblem("topic filter", filter);
        if (problem != null) {
            return problem;
        }
        if (!filter.startsWith(SharedSubscription.PREFIX)) {
            return wildcardProblem(filter, 0);
        }
        int groupStart = SharedSubscription.PREFIX.length();
        int groupEnd = filter.indexOf(SEPARATOR, groupStart);
        if (groupEnd < 0) {
            return "shared subscription '" + filter + "' has no topic filter after the group";
        }
        if (groupEnd == groupStart) {
            return "shared subscription '" + filter + "' has an empty group";
        }
        for (int i = groupStart; i < groupEnd; i++) {
            char c = filter.charAt(i);
            if (c == SINGLE_LEVEL_WILDCARD || c == MULTI_LEVEL_WILDCARD) {
                return "shared subscription '" + filter + "' has wildcard '" + c + "' in its group";
            }
        }
        if (groupEnd + 1 == filter.length()) {
            return "shared subscription '" + filter + "' has an empty topic filter";
        }
        return wildcardProblem(filter, groupEnd + 1);
    }

    /** Checks the wildcard placement in the part of the filter from {@code start} on. */
    private static String wildcardProblem(String filter, int start) {
        int length = filter.length();
        for (int i = start; i < length; i++) {
            char c = filter.charAt(i);
            if (c != SINGLE_LEVEL_WILDCARD && c != MULTI_LEVEL_WILDCARD) {
                continue;
            }
            boolean startsLevel = i == start || filter.charAt(i - 1) == SEPARATOR;
            boolean endsLevel = i + 1 == length || filter.charAt(i + 1) == SEPARATOR;
            if (!startsLevel || !endsLevel) {
                return "topic filter '" + filter + "' has wildcard '" + c + "' at index " + i
                        + " that does not occupy a whole level";
            }
            if (c == MULTI_LEVEL_WILDCARD && i + 1 != length) {
                return "topic filter '" + filter + "' has multi-level wildcard '#' at index " + i
                        + " that is not the last level";
            }
        }
        return null;
    }

    /**
     * Checks what every MQTT string needs: no U+0000, well-formed UTF-16 (so that it has a UTF-8 form) and
     * at most 65,535 bytes in UTF-8. Counts the bytes without encoding.
     */
    private static String encodingProblem(String what, String value) {
        int utf8Length = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return what + " contains the null character U+0000 at index " + i;
            }
            if (c < 0x80) {
                utf8Length += 1;
            } else if (c < 0x800) {
                utf8Length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                utf8Length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return what + " contains an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " at index " + i;
            } else {
                utf8Length += 3;
            }
        }
        if (utf8Length > MAX_UTF8_LENGTH) {
            return what + " is " + utf8Length + " bytes long in UTF-8, more than the maximum of " + MAX_UTF8_LENGTH;
        }
        return null;
    }
}
