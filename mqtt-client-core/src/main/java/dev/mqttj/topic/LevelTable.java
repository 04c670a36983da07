package dev.mqttj.topic;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An immutable map from a topic level to the child node below it, looked up by a region of a topic string so
 * that matching needs no substring. Small tables are scanned linearly; larger ones are open-addressing hash
 * tables keyed by {@link String#hashCode()}, which the lookup recomputes over the region.
 *
 * <p>Every change returns a new table (copy-on-write); instances are safe to share between threads once
 * published through a volatile field.
 */
final class LevelTable<V> {

    /** Up to this many entries a linear scan (length check, then region compare) beats hashing the level. */
    private static final int LINEAR_MAX = 8;

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final LevelTable EMPTY = new LevelTable<>(new String[0], new TopicNode[0], 0);

    /** Keys, packed for a linear table, or slots of a hash table with null for empty slots. */
    private final String[] keys;
    private final TopicNode<V>[] nodes;
    private final int size;

    private LevelTable(String[] keys, TopicNode<V>[] nodes, int size) {
        this.keys = keys;
        this.nodes = nodes;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> LevelTable<V> empty() {
        return EMPTY;
    }

    int size() {
        return size;
    }

    /** Returns the child for the level {@code topic[start, end)}, or null. Does not allocate. */
    TopicNode<V> get(String topic, int start, int end) {
        int length = end - start;
        String[] keys = this.keys;
        if (size <= LINEAR_MAX) {
            for (int i = 0; i < size; i++) {
                String key = keys[i];
                if (key.length() == length && key.regionMatches(0, topic, start, length)) {
                    return nodes[i];
                }
            }
            return null;
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + topic.charAt(i);
        }
        int mask = keys.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (key.length() == length && key.regionMatches(0, topic, start, length)) {
                return nodes[slot];
            }
        }
    }

    /** Returns the child for a whole level, or null. */
    TopicNode<V> get(String level) {
        return get(level, 0, level.length());
    }

    /** Returns a table with the level mapped to the node, or without the level if node is null. */
    LevelTable<V> with(String level, TopicNode<V> node) {
        int n = 0;
        String[] newKeys = new String[size + 1];
        @SuppressWarnings({"rawtypes", "unchecked"})
        TopicNode<V>[] newNodes = new TopicNode[size + 1];
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            if (key != null && !key.equals(level)) {
                newKeys[n] = key;
                newNodes[n] = nodes[i];
                n++;
            }
        }
        if (node != null) {
            newKeys[n] = level;
            newNodes[n] = node;
            n++;
        }
        return of(newKeys, newNodes, n);
    }

    void forEach(BiConsumer<String, TopicNode<V>> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], nodes[i]);
            }
        }
    }

    private static <V> LevelTable<V> of(String[] keys, TopicNode<V>[] nodes, int size) {
        if (size == 0) {
            return empty();
        }
        if (size <= LINEAR_MAX) {
            return new LevelTable<>(Arrays.copyOf(keys, size), Arrays.copyOf(nodes, size), size);
        }
        // At most half full, so that misses end after a probe or two.
        int capacity = Integer.highestOneBit(size * 2 - 1) << 1;
        int mask = capacity - 1;
        String[] slots = new String[capacity];
        @SuppressWarnings({"rawtypes", "unchecked"})
        TopicNode<V>[] slotNodes = new TopicNode[capacity];
        for (int i = 0; i < size; i++) {
            int slot = spread(keys[i].hashCode()) & mask;
            while (slots[slot] != null) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = keys[i];
            slotNodes[slot] = nodes[i];
        }
        return new LevelTable<>(slots, slotNodes, size);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
