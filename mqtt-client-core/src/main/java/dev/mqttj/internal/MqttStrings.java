package dev.mqttj.internal;

/**
 * The one definition of the MQTT 3.1.1 string rules (section 1.5.3) and of the topic name and topic filter rules
 * (section 4.7), shared by the codec ({@code dev.mqttj.packet}) and the topic package ({@code dev.mqttj.topic}) so
 * that both accept the same strings and word a refusal the same way.
 *
 * <p>Each method returns why its argument is invalid, worded to follow the name of the field at fault (for
 * example "contains wildcard '+' at index 3"), or null when it is valid. The caller names the field.
 *
 * <p>A filter of the form {@code $share/{group}/{filter}} is a shared subscription. MQTT 3.1.1 does not define
 * it, but brokers take it in that form: its group must be non-empty and free of {@code '/'}, {@code '+'} and
 * {@code '#'}, and a valid filter must follow the group.
 */
public final class MqttStrings {
    /** The most UTF-8 bytes an MQTT string may have: its length prefix is two bytes. */
    public static final int MAX_BYTES = 65_535;
    /** The prefix that makes a topic filter a shared subscription. */
    public static final String SHARE_PREFIX = "$share/";

    /** Strings of up to this many chars cannot exceed {@link #MAX_BYTES} of UTF-8 (each char is at most 3). */
    private static final int SURELY_SHORT_ENOUGH = MAX_BYTES / 3;

    private MqttStrings() {
    }

    /**
     * Returns why {@code s} cannot be an MQTT string (it contains U+0000 or an unpaired surrogate, or is longer
     * than {@link #MAX_BYTES} in UTF-8), or null if it can.
     *
     * @param s the string
     * @return the reason, to follow the field name, or null
     */
    public static String problem(String s) {
        int n = s.length();
        if (n <= SURELY_SHORT_ENOUGH && !mayBeInvalid(s, n)) {
            return null; // too short to exceed the limit, and no char that could be invalid
        }
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    return "contains U+0000 at index " + i;
                }
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return unpairedSurrogate(c, i);
                }
                i++;
                bytes += 4;
            } else if (Character.isLowSurrogate(c)) {
                return unpairedSurrogate(c, i);
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_BYTES) {
            return "is " + bytes + " bytes long in UTF-8, more than " + MAX_BYTES;
        }
        return null;
    }

    /**
     * Returns why {@code topic} is not a valid topic name (empty, a wildcard, or not an MQTT string), or null.
     *
     * @param topic the topic name
     * @return the reason, to follow the field name, or null
     */
    public static String nameProblem(String topic) {
        int n = topic.length();
        if (n == 0) {
            return "must not be empty";
        }
        boolean needsStringCheck = n > SURELY_SHORT_ENOUGH;
        for (int i = 0; i < n; i++) {
            char c = topic.charAt(i);
            // One compare for the common chars: everything of interest is <= '+' or a surrogate.
            if (c <= '+' || c >= Character.MIN_SURROGATE) {
                if (c == '+' || c == '#') {
                    return "contains wildcard '" + c + "' at index " + i;
                }
                needsStringCheck |= c == 0 || Character.isSurrogate(c);
            }
        }
        return needsStringCheck ? problem(topic) : null;
    }

    /**
     * Returns why {@code filter} is not a valid topic filter, or null: it is empty, has a {@code '+'} that does
     * not fill a whole level or a {@code '#'} that is not the whole last level, is a shared subscription with a
     * bad group or no filter after it, or is not an MQTT string.
     *
     * @param filter the topic filter
     * @return the reason, to follow the field name, or null
     */
    public static String filterProblem(String filter) {
        int n = filter.length();
        if (n == 0) {
            return "must not be empty";
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            String problem = shareGroupProblem(filter);
            if (problem != null) {
                return problem;
            }
        }
        // A shared filter's group is free of wildcards now, and its inner filter starts after a '/'.
        boolean needsStringCheck = n > SURELY_SHORT_ENOUGH;
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            // One compare for the common chars: '#', '+' and U+0000 are all <= '+'.
            if (c <= '+' || c >= Character.MIN_SURROGATE) {
                boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
                if (c == '+') {
                    if (!levelStart || (i + 1 < n && filter.charAt(i + 1) != '/')) {
                        return "has '+' at index " + i + " that does not fill a whole level";
                    }
                } else if (c == '#') {
                    if (!levelStart || i != n - 1) {
                        return "has '#' at index " + i + " that is not a whole last level";
                    }
                } else {
                    needsStringCheck |= c == 0 || Character.isSurrogate(c);
                }
            }
        }
        return needsStringCheck ? problem(filter) : null;
    }

    /**
     * Returns the index where the filter a shared subscription {@code $share/{group}/{filter}} wraps starts, 0
     * for a filter that is not shared, or -1 for a shared one without a '/' after its group.
     *
     * @param filter a topic filter
     * @return the start of the filter that topics are matched against, or -1
     */
    public static int innerFilterStart(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return 0;
        }
        int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
        return groupEnd < 0 ? -1 : groupEnd + 1;
    }

    /** Checks the group of a filter that starts with {@link #SHARE_PREFIX}, and that a filter follows it. */
    private static String shareGroupProblem(String filter) {
        int innerStart = innerFilterStart(filter);
        if (innerStart < 0) {
            return "has no topic filter after its shared subscription group";
        }
        int groupEnd = innerStart - 1;
        if (groupEnd == SHARE_PREFIX.length()) {
            return "has an empty shared subscription group";
        }
        for (int i = SHARE_PREFIX.length(); i < groupEnd; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                return "has wildcard '" + c + "' at index " + i + " in its shared subscription group";
            }
        }
        if (innerStart == filter.length()) {
            return "has no topic filter after its shared subscription group";
        }
        return null;
    }

    private static String unpairedSurrogate(char c, int index) {
        return "contains an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase() + " at index " + index;
    }

    private static boolean mayBeInvalid(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= Character.MIN_SURROGATE) {
                return true;
            }
        }
        return false;
    }
}
