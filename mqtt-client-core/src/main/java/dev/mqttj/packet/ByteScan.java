package dev.mqttj.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks for bytes below a small threshold, eight bytes at a time. The decoder uses it to prove strings plain
 * ASCII and free of the characters their rules care about (U+0000, wildcards), which are all below the
 * letters, digits and '/' that make up most of them.
 *
 * <p>The scans are written as "words, then one last word that may overlap the one before": the checks
 * callers run on a flagged word only look at bytes, so seeing a byte twice is harmless, and a string of
 * eight bytes or more never needs a byte loop over its tail.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LANES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = ~HIGH_BITS;

    private ByteScan() {
    }

    /** The value to pass to {@link #lanesBelow(byte[], int, long)} for a threshold of 1..128. */
    static long thresholds(int threshold) {
        return LANES * (0x80 - threshold);
    }

    /**
     * Marks each of the eight bytes from {@code index} whose signed value is below the threshold (so also
     * each non-ASCII byte): the result has the high bit of such a byte's lane set and every other bit clear.
     * {@code Long.numberOfTrailingZeros(lanes) >>> 3} is then the offset of the first one.
     *
     * @param thresholds from {@link #thresholds(int)}
     */
    static long lanesBelow(byte[] bytes, int index, long thresholds) {
        long x = (long) LONGS.get(bytes, index);
        // Per lane, the seven low bits plus (0x80 - threshold) reach 0x80 exactly when they are at least the
        // threshold, and never carry into the next lane; a lane with its own high bit set is non-ASCII.
        return (~((x & LOW_BITS) + thresholds) | x) & HIGH_BITS;
    }

    /** Whether every byte in {@code [from, to)} has a signed value of at least {@code threshold}, 1..128. */
    static boolean noneBelow(byte[] bytes, int from, int to, int threshold) {
        if (to - from < Long.BYTES) {
            for (int i = from; i < to; i++) {
                if (bytes[i] < threshold) {
                    return false;
                }
            }
            return true;
        }
        long thresholds = thresholds(threshold);
        int lastWord = to - Long.BYTES;
        for (int i = from; i < lastWord; i += Long.BYTES) {
            if (lanesBelow(bytes, i, thresholds) != 0) {
                return false;
            }
        }
        return lanesBelow(bytes, lastWord, thresholds) == 0;
    }
}
