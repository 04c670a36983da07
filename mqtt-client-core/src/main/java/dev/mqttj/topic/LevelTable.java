package dev.mqttj.topic;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An immutable map from a topic level to the child node below it, looked up by a region of a topic string so
 * that matching needs no substring.
 *
 * <p>Up to {@value #LINEAR_MAX} entries are kept in packed arrays and scanned. Larger tables hash into
 * buckets by {@link String#hashCode()}, which a lookup recomputes over the region; each bucket is a small
 * immutable array. A change copies the bucket array (references only) and the one bucket it touches, so adding
 * or removing a level among many siblings stays cheap; the table is rebuilt only when it doubles or shrinks.
 *
 * <p>Every change returns a new table (copy-on-write); instances are safe to share between threads once
 * published through a volatile field.
 */
final class LevelTable<V> {

    /** Up to this many entries a scan (length check, then region compare) beats hashing the level. */
    private static final int LINEAR_MAX = 8;
    /** The average number of entries per bucket above which the table doubles its buckets. */
    private static final int MAX_BUCKET_LOAD = 4;

    private static final String[] NO_KEYS = new String[0];
    private static final TopicNode<?>[] NO_NODES = new TopicNode<?>[0];
    private static final LevelTable<?> EMPTY = new LevelTable<>(NO_KEYS, NO_NODES, null, 0);

    /** The entries with the same bucket index: hashes first, so that a scan rarely touches a key. */
    private static final class Bucket {
        final int[] hashes;
        final String[] keys;
        final TopicNode<?>[] nodes;

        Bucket(int[] hashes, String[] keys, TopicNode<?>[] nodes) {
            this.hashes = hashes;
            this.keys = keys;
            this.nodes = nodes;
        }

        int indexOf(int hash, String key) {
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] == hash && keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        /** Returns this bucket with the entry at {@code index} (or a new one if -1) set, or removed if node is null. */
        Bucket with(int index, int hash, String key, TopicNode<?> node) {
            if (node != null && index >= 0) {
                TopicNode<?>[] newNodes = nodes.clone();
                newNodes[index] = node;
                return new Bucket(hashes, keys, newNodes);
            }
            if (node != null) {
                int n = hashes.length;
                int[] newHashes = Arrays.copyOf(hashes, n + 1);
                String[] newKeys = Arrays.copyOf(keys, n + 1);
                TopicNode<?>[] newNodes = Arrays.copyOf(nodes, n + 1);
                newHashes[n] = hash;
                newKeys[n] = key;
                newNodes[n] = node;
                return new Bucket(newHashes, newKeys, newNodes);
            }
            if (hashes.length == 1) {
                return null;
            }
            int last = hashes.length - 1;
            int[] newHashes = Arrays.copyOf(hashes, last);
            String[] newKeys = Arrays.copyOf(keys, last);
            TopicNode<?>[] newNodes = Arrays.copyOf(nodes, last);
            if (index != last) {
                newHashes[index] = hashes[last];
                newKeys[index] = keys[last];
                newNodes[index] = nodes[last];
            }
            return new Bucket(newHashes, newKeys, newNodes);
        }
    }

    /** Packed entries of a small table; unused (empty) when {@link #buckets} is set. */
    private final String[] keys;
    private final TopicNode<?>[] nodes;
    /** Buckets of a large table, a power of two of them; null for a small table. */
    private final Bucket[] buckets;
    private final int size;

    private LevelTable(String[] keys, TopicNode<?>[] nodes, Bucket[] buckets, int size) {
        this.keys = keys;
        this.nodes = nodes;
        this.buckets = buckets;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> LevelTable<V> empty() {
        return (LevelTable<V>) EMPTY;
    }

    int size() {
        return size;
    }

    /** Returns the child for the level {@code topic[start, end)}, or null. Does not allocate. */
    @SuppressWarnings("unchecked")
    TopicNode<V> get(String topic, int start, int end) {
        int length = end - start;
        Bucket[] buckets = this.buckets;
        if (buckets == null) {
            String[] keys = this.keys;
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i];
                if (key.length() == length && key.regionMatches(0, topic, start, length)) {
                    return (TopicNode<V>) nodes[i];
                }
            }
            return null;
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + topic.charAt(i);
        }
        Bucket bucket = buckets[spread(hash) & (buckets.length - 1)];
        if (bucket == null) {
            return null;
        }
        int[] hashes = bucket.hashes;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == hash) {
                String key = bucket.keys[i];
                if (key.length() == length && key.regionMatches(0, topic, start, length)) {
                    return (TopicNode<V>) bucket.nodes[i];
                }
            }
        }
        return null;
    }

    /** Returns the child for a whole level, or null. */
    TopicNode<V> get(String level) {
        return get(level, 0, level.length());
    }

    /** Returns a table with the level mapped to the node, or without the level if node is null. */
    LevelTable<V> with(String level, TopicNode<V> node) {
        if (buckets != null) {
            int hash = level.hashCode();
            int index = spread(hash) & (buckets.length - 1);
            Bucket bucket = buckets[index];
            int position = bucket == null ? -1 : bucket.indexOf(hash, level);
            if (position < 0 && node == null) {
                return this;
            }
            int newSize = size + (position < 0 ? 1 : 0) - (node == null ? 1 : 0);
            if (newSize > LINEAR_MAX && newSize <= buckets.length * MAX_BUCKET_LOAD && newSize >= buckets.length / 2) {
                Bucket[] newBuckets = buckets.clone();
                newBuckets[index] = bucket == null
                        ? new Bucket(new int[] {hash}, new String[] {level}, new TopicNode<?>[] {node})
                        : bucket.with(position, hash, level, node);
                return new LevelTable<>(NO_KEYS, NO_NODES, newBuckets, newSize);
            }
        }
        // A small table, or a large one that must be resized: lay the entries out afresh.
        String[] allKeys = new String[size + 1];
        TopicNode<?>[] allNodes = new TopicNode<?>[size + 1];
        int[] count = {0};
        forEach((key, child) -> {
            if (!key.equals(level)) {
                allKeys[count[0]] = key;
                allNodes[count[0]] = child;
                count[0]++;
            }
        });
        int n = count[0];
        if (node != null) {
            allKeys[n] = level;
            allNodes[n] = node;
            n++;
        }
        return of(allKeys, allNodes, n);
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<String, TopicNode<V>> action) {
        if (buckets == null) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], (TopicNode<V>) nodes[i]);
            }
            return;
        }
        for (Bucket bucket : buckets) {
            if (bucket != null) {
                for (int i = 0; i < bucket.keys.length; i++) {
                    action.accept(bucket.keys[i], (TopicNode<V>) bucket.nodes[i]);
                }
            }
        }
    }

    private static <V> LevelTable<V> of(String[] keys, TopicNode<?>[] nodes, int size) {
        if (size == 0) {
            return empty();
        }
        if (size <= LINEAR_MAX) {
            return new LevelTable<>(Arrays.copyOf(keys, size), Arrays.copyOf(nodes, size), null, size);
        }
        // About two entries per bucket after a rebuild, four before the next one.
        int bucketCount = Integer.highestOneBit(size) >>> 1;
        int mask = bucketCount - 1;
        int[] counts = new int[bucketCount];
        for (int i = 0; i < size; i++) {
            counts[spread(keys[i].hashCode()) & mask]++;
        }
        Bucket[] buckets = new Bucket[bucketCount];
        for (int b = 0; b < bucketCount; b++) {
            if (counts[b] > 0) {
                buckets[b] = new Bucket(new int[counts[b]], new String[counts[b]], new TopicNode<?>[counts[b]]);
                counts[b] = 0;
            }
        }
        for (int i = 0; i < size; i++) {
            int hash = keys[i].hashCode();
            int b = spread(hash) & mask;
            Bucket bucket = buckets[b];
            int slot = counts[b]++;
            bucket.hashes[slot] = hash;
            bucket.keys[slot] = keys[i];
            bucket.nodes[slot] = nodes[i];
        }
        return new LevelTable<>(NO_KEYS, NO_NODES, buckets, size);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
