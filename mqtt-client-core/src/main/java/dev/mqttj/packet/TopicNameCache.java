package dev.mqttj.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The topic names a connection received recently, by their UTF-8 bytes, so that a PUBLISH on a topic seen
 * before is given the same {@code String} again: no decoding, no rule check (the bytes equal ones already
 * checked) and no allocation. A stream that cycles through many sensors' topics hits as often as one on a
 * single topic, and the one {@code String} per topic keeps its cached hash, which the application's routing
 * by topic then reads instead of recomputing.
 *
 * <p>Open addressing over a few slots from a hash of all the bytes; a topic that finds them taken replaces one.
 * The table starts with {@value #INITIAL_SLOTS} slots, created with the first PUBLISH so that an idle
 * connection pays nothing, and doubles while names keep replacing each other, up to {@value #MAX_SLOTS}: so
 * memory stays bounded (names of at most {@value #MAX_CACHED_LENGTH} bytes; about 80 KB for a full table of
 * 50-byte names, which only a connection receiving that many different topics fills) and a connection that
 * receives few topics keeps a small table. Slots keep their byte arrays when replaced, so a stream of names that are
 * never repeated does not allocate beyond the names themselves.
 *
 * <p>Not thread-safe: one per decoder, used by the thread that reads the connection.
 */
final class TopicNameCache {

    static final int INITIAL_SLOTS = 64;
    static final int MAX_SLOTS = 512;
    /** Slots a name may occupy, from its home slot on. */
    private static final int PROBES = 4;
    /** Longer names are decoded every time: they are rare, and would make every slot as large. */
    static final int MAX_CACHED_LENGTH = 128;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[][] bytes;
    private int[] lengths;
    private String[] names;
    /** The bits of a home slot index: the table has {@code 1 << bits} home slots plus the probe overhang. */
    private int bits;
    private int evictions;
    /** Replacements since the table last grew. */
    private int evictionsAtThisSize;

    /**
     * Returns the name cached for {@code source[offset, offset + length)}, or null.
     */
    String get(byte[] source, int offset, int length) {
        if (names == null || length > MAX_CACHED_LENGTH) {
            return null;
        }
        int slot = home(source, offset, length);
        String[] names = this.names;
        for (int i = slot; i < slot + PROBES; i++) {
            String name = names[i];
            if (name == null) {
                return null;
            }
            if (lengths[i] == length && Arrays.equals(source, offset, offset + length, bytes[i], 0, length)) {
                return name;
            }
        }
        return null;
    }

    /** Remembers a name decoded from {@code source[offset, offset + length)}, which passed the rules. */
    void put(byte[] source, int offset, int length, String name) {
        if (length > MAX_CACHED_LENGTH) {
            return;
        }
        if (names == null) {
            allocate(Integer.numberOfTrailingZeros(INITIAL_SLOTS));
        }
        int target = freeSlot(source, offset, length);
        if (target < 0 && (1 << bits) < MAX_SLOTS && ++evictionsAtThisSize >= (1 << bits) / 8) {
            grow();
            target = freeSlot(source, offset, length);
        }
        if (target < 0) {
            target = home(source, offset, length) + (evictions++ & (PROBES - 1));
        }
        store(target, source, offset, length, name);
    }

    private int freeSlot(byte[] source, int offset, int length) {
        int slot = home(source, offset, length);
        for (int i = slot; i < slot + PROBES; i++) {
            if (names[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private void allocate(int newBits) {
        int size = (1 << newBits) + PROBES - 1;
        bytes = new byte[size][];
        lengths = new int[size];
        names = new String[size];
        bits = newBits;
        evictionsAtThisSize = 0;
    }

    /** Doubles the table: the names replacing each other are more than it holds. */
    private void grow() {
        byte[][] oldBytes = bytes;
        int[] oldLengths = lengths;
        String[] oldNames = names;
        allocate(bits + 1);
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null) {
                int target = freeSlot(oldBytes[i], 0, oldLengths[i]);
                if (target >= 0) {
                    bytes[target] = oldBytes[i];
                    lengths[target] = oldLengths[i];
                    names[target] = oldNames[i];
                }
            }
        }
    }

    private void store(int target, byte[] source, int offset, int length, String name) {
        byte[] kept = bytes[target];
        if (kept == null || kept.length < length) {
            kept = new byte[Math.max(length, 32)];
            bytes[target] = kept;
        }
        System.arraycopy(source, offset, kept, 0, length);
        lengths[target] = length;
        names[target] = name;
    }

    /**
     * A hash of every byte, eight at a time: names of one stream typically differ in a few middle bytes (a
     * sensor's number), which a hash of the ends alone would miss.
     */
    private int home(byte[] source, int offset, int length) {
        int hash = length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            hash = mix(hash, (long) LONGS.get(source, offset + i));
        }
        if (i < length) {
            if (length >= Long.BYTES) {
                // The last eight bytes, overlapping the ones already mixed in.
                hash = mix(hash, (long) LONGS.get(source, offset + length - Long.BYTES));
            } else {
                long tail = 0;
                for (; i < length; i++) {
                    tail = (tail << 8) | (source[offset + i] & 0xFF);
                }
                hash = mix(hash, tail);
            }
        }
        return hash >>> (Integer.SIZE - bits);
    }

    private static int mix(int hash, long eight) {
        return (hash ^ (int) eight ^ (int) (eight >>> 32)) * 0x9E3779B9;
    }
}
