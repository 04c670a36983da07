package dev.mqttj.packet;

/**
 * Topic name and topic filter rules of MQTT 3.1.1 section 4.7. Each method returns why the argument is
 * invalid (to be read after the field name, e.g. "contains wildcard '+'"), or null when it is valid.
 *
 * <p>Both run once per PUBLISH or subscription, so each is a single pass over the chars; the full UTF-8
 * check runs only when a char could make the string invalid (U+0000, a surrogate) or too long.
 */
final class TopicRules {
    /** Strings of up to this many chars cannot exceed 65535 bytes of UTF-8 (each char is at most 3). */
    private static final int SURELY_SHORT_ENOUGH = Utf8.MAX_STRING_BYTES / 3;

    private TopicRules() {
    }

    /** Returns why {@code topic} is not a valid topic name, or null. */
    static String nameProblem(String topic) {
        int n = topic.length();
        if (n == 0) {
            return "must not be empty";
        }
        boolean needsUtf8Check = n > SURELY_SHORT_ENOUGH;
        for (int i = 0; i < n; i++) {
            char c = topic.charAt(i);
            // One compare for the common chars: everything of interest is <= '+' or a surrogate.
            if (c <= '+' || c >= Character.MIN_SURROGATE) {
                if (c == '+' || c == '#') {
                    return "contains wildcard '" + c + "'";
                }
                if (c == 0 || Character.isSurrogate(c)) {
                    needsUtf8Check = true;
                }
            }
        }
        return needsUtf8Check ? Utf8.problem(topic) : null;
    }

    /** Returns why {@code filter} is not a valid topic filter, or null. */
    static String filterProblem(String filter) {
        int n = filter.length();
        if (n == 0) {
            return "must not be empty";
        }
        boolean needsUtf8Check = n > SURELY_SHORT_ENOUGH;
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
                } else if (c == 0 || Character.isSurrogate(c)) {
                    needsUtf8Check = true;
                }
            }
        }
        return needsUtf8Check ? Utf8.problem(filter) : null;
    }

    /**
     * Whether {@code bytes[from, to)} is a valid topic name made only of ASCII. False does not mean invalid:
     * the caller decodes the bytes and asks {@link #nameProblem}, which also words the reason.
     */
    static boolean isAsciiName(byte[] bytes, int from, int to) {
        if (from == to) {
            return false;
        }
        for (int i = nextAtMostPlus(bytes, from, to); i < to; i = nextAtMostPlus(bytes, i + 1, to)) {
            byte b = bytes[i];
            if (b <= 0 || b == '+' || b == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code bytes[from, to)} is a valid topic filter made only of ASCII. False does not mean invalid:
     * the caller decodes the bytes and asks {@link #filterProblem}, which also words the reason.
     */
    static boolean isAsciiFilter(byte[] bytes, int from, int to) {
        if (from == to) {
            return false;
        }
        int last = to - 1;
        for (int i = nextAtMostPlus(bytes, from, to); i < to; i = nextAtMostPlus(bytes, i + 1, to)) {
            byte b = bytes[i];
            if (b <= 0) {
                return false;
            }
            if (b == '+' || b == '#') {
                boolean levelStart = i == from || bytes[i - 1] == '/';
                boolean levelEnd = b == '#' ? i == last : i == last || bytes[i + 1] == '/';
                if (!levelStart || !levelEnd) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int nextAtMostPlus(byte[] bytes, int from, int to) {
        return ByteScan.firstBelow(bytes, from, to, '+' + 1);
    }
}
