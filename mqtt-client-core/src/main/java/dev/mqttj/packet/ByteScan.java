package dev.mqttj.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the first byte below a small threshold, eight bytes at a time. The decoder uses it to prove strings
 * plain ASCII and free of the characters their rules care about (U+0000, wildcards), which are all below the
 * letters, digits and '/' that make up most of them.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LANES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteScan() {
    }

    /**
     * Returns the index of the first byte in {@code [from, to)} whose signed value is below {@code threshold}
     * (so also every non-ASCII byte), or {@code to} if there is none.
     *
     * @param threshold 1..128
     */
    static int firstBelow(byte[] bytes, int from, int to, int threshold) {
        long thresholds = LANES * threshold;
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            if (hasBelow((long) LONGS.get(bytes, i), thresholds)) {
                return firstBelowByByte(bytes, i, to, threshold);
            }
        }
        // The last eight bytes overlap ones already found clean, and save a byte loop over the tail.
        if (i < to && to - from >= Long.BYTES && !hasBelow((long) LONGS.get(bytes, to - Long.BYTES), thresholds)) {
            return to;
        }
        return firstBelowByByte(bytes, i, to, threshold);
    }

    /**
     * Whether a byte lane of {@code x} is below its lane of {@code thresholds} or has its high bit set. The
     * lane's high bit ends up set when the lane is below the threshold (the subtraction borrows and the lane
     * had no high bit) or when the byte itself has it. No such lane is missed, and no lane is flagged unless
     * a lower one really is one.
     */
    private static boolean hasBelow(long x, long thresholds) {
        return ((((x - thresholds) & ~x) | x) & HIGH_BITS) != 0;
    }

    private static int firstBelowByByte(byte[] bytes, int from, int to, int threshold) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < threshold) {
                return i;
            }
        }
        return to;
    }
}
