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
    /** Wildcards, U+0000 and every non-ASCII byte are below '+' + 1; letters, digits and '/' are not. */
    private static final long AT_MOST_PLUS = ByteScan.thresholds('+' + 1);

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
        return isAscii(bytes, from, to, false);
    }

    /**
     * Whether {@code bytes[from, to)} is a valid topic filter made only of ASCII. False does not mean invalid:
     * the caller decodes the bytes and asks {@link #filterProblem}, which also words the reason.
     */
    static boolean isAsciiFilter(byte[] bytes, int from, int to) {
        return isAscii(bytes, from, to, true);
    }

    /**
     * Visits only the bytes at most '+', found eight at a time: in a typical name there are none, in a
     * typical filter one per wildcard.
     */
    private static boolean isAscii(byte[] bytes, int from, int to, boolean filter) {
        if (to - from < Long.BYTES) {
            for (int i = from; i < to; i++) {
                if (bytes[i] <= '+' && !validSpecialByte(bytes, from, to, i, filter)) {
                    return false;
                }
            }
            return from < to;
        }
        int lastWord = to - Long.BYTES;
        for (int word = from; ; word = Math.min(word + Long.BYTES, lastWord)) {
            // The last word may overlap the one before; checking a byte twice gives the same answer.
            for (long lanes = ByteScan.lanesBelow(bytes, word, AT_MOST_PLUS); lanes != 0; lanes &= lanes - 1) {
                int at = word + (Long.numberOfTrailingZeros(lanes) >>> 3);
                if (!validSpecialByte(bytes, from, to, at, filter)) {
                    return false;
                }
            }
            if (word == lastWord) {
                return true;
            }
        }
    }

    /**
     * Whether the byte at {@code at}, one at most '+', is allowed there: never U+0000 or non-ASCII, never a
     * wildcard in a name, and in a filter a wildcard only as a whole level ('#' only as the last one).
     */
    private static boolean validSpecialByte(byte[] bytes, int from, int to, int at, boolean filter) {
        byte b = bytes[at];
        if (b <= 0) {
            return false;
        }
        if (b != '+' && b != '#') {
            return true;
        }
        if (!filter || (at != from && bytes[at - 1] != '/')) {
            return false;
        }
        int last = to - 1;
        return b == '#' ? at == last : at == last || bytes[at + 1] == '/';
    }
}
