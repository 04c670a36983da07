package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The topic name and topic filter rules of {@link MqttStrings}, checked on the bytes of a received string in the
 * pass that proves it ASCII. A yes is final; a no hands the decoded string to {@link MqttStrings}, the one
 * definition of the rules, which also words the reason.
 */
final class TopicRules {
    /** Wildcards, U+0000 and every non-ASCII byte are below '+' + 1; letters, digits and '/' are not. */
    private static final long AT_MOST_PLUS = ByteScan.thresholds('+' + 1);
    private static final byte[] SHARE_PREFIX = MqttStrings.SHARE_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private TopicRules() {
    }

    /**
     * Whether {@code bytes[from, to)} is a valid topic name made only of ASCII. False does not mean invalid:
     * the caller decodes the bytes and asks {@link MqttStrings#nameProblem}, which also words the reason.
     */
    static boolean isAsciiName(byte[] bytes, int from, int to) {
        return isAscii(bytes, from, to, false);
    }

    /**
     * Whether {@code bytes[from, to)} is a valid topic filter made only of ASCII. False does not mean invalid:
     * the caller decodes the bytes and asks {@link MqttStrings#filterProblem}, which also words the reason.
     */
    static boolean isAsciiFilter(byte[] bytes, int from, int to) {
        if (!isShared(bytes, from, to)) {
            return isAscii(bytes, from, to, true);
        }
        int groupStart = from + SHARE_PREFIX.length;
        int groupEnd = groupStart;
        while (groupEnd < to && bytes[groupEnd] != '/') {
            groupEnd++;
        }
        // The group follows the name rules (non-empty, no wildcard), and a non-empty filter follows the group.
        return groupEnd < to && isAscii(bytes, groupStart, groupEnd, false) && isAscii(bytes, groupEnd + 1, to, true);
    }

    private static boolean isShared(byte[] bytes, int from, int to) {
        int prefixEnd = from + SHARE_PREFIX.length;
        return prefixEnd <= to && bytes[from] == '$'
                && Arrays.equals(bytes, from, prefixEnd, SHARE_PREFIX, 0, SHARE_PREFIX.length);
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
