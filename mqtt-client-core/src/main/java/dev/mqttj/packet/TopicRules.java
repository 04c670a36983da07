package dev.mqttj.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Topic name and topic filter rules of MQTT 3.1.1 section 4.7. Each method returns why the argument is
 * invalid (to be read after the field name, e.g. "contains wildcard '+'"), or null when it is valid.
 *
 * <p>Both run once per PUBLISH or subscription, so each is a single pass over the chars; the full UTF-8
 * check runs only when a char could make the string invalid (U+0000, a surrogate) or too long.
 */
final class TopicRules {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BELOW_2C = 0x2C2C2C2C2C2C2C2CL;
    private static final long HIGH_BITS = 0x8080808080808080L;

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

    /**
     * Returns the index of the first byte in {@code [from, to)} that is '+' (0x2B) or less as a signed byte
     * (so also 0 and every non-ASCII byte), or {@code to} if there is none. Topic characters of interest are
     * all in that range and common ones are not, so the bytes are tested eight at a time.
     */
    private static int nextAtMostPlus(byte[] bytes, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            if (hasAtMostPlus((long) LONGS.get(bytes, i))) {
                return firstAtMostPlus(bytes, i, to);
            }
        }
        // The last eight bytes overlap ones already found clean, and save a byte loop over the tail.
        if (i < to && to - from >= Long.BYTES && !hasAtMostPlus((long) LONGS.get(bytes, to - Long.BYTES))) {
            return to;
        }
        return firstAtMostPlus(bytes, i, to);
    }

    /**
     * Whether a byte lane of {@code x} is below 0x2C or has its high bit set. The lane's high bit ends up set
     * when the lane is below 0x2C ({@code x - 0x2C} borrows and {@code x} had no high bit) or when the byte
     * itself has it. No such lane is missed, and no lane is flagged unless a lower one really is one.
     */
    private static boolean hasAtMostPlus(long x) {
        return ((((x - BELOW_2C) & ~x) | x) & HIGH_BITS) != 0;
    }

    private static int firstAtMostPlus(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] <= '+') {
                return i;
            }
        }
        return to;
    }
}
