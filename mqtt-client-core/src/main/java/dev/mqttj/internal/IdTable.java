package dev.mqttj.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A map from packet id (1..65535) to a value that remembers the order keys were first added. Not API:
 * it may change in any release.
 *
 * <p>Every QoS 1 and 2 message passes through two of these (its future and its stored packet), so the
 * table is keyed by the primitive id (open addressing, linear probing, deletion by backward shift) and
 * allocates nothing per entry. It holds no arrays until the first entry and shrinks back to its
 * smallest size as it empties, so an idle connection pays a few bytes for it. Not thread-safe: its owner guards it.
 *
 * @param <V> the value type
 */
public final class IdTable<V> {

    private static final int MIN_CAPACITY = 8;
    /** Packet ids start at 1, so 0 marks a free slot. */
    private static final int FREE = 0;

    private int[] ids;
    private Object[] values;
    private long[] order;
    private int size;
    private long nextOrder;

    /** Creates an empty table; it allocates its arrays on the first {@link #put}. */
    public IdTable() {
    }

    /**
     * Maps {@code id} to {@code value}; a replaced value keeps its place in the order.
     *
     * @param id a packet id, 1..65535
     * @param value the value, not null
     * @return the replaced value, or null
     * @throws IllegalArgumentException if {@code id} is outside 1..65535
     * @throws NullPointerException if {@code value} is null
     */
    public V put(int id, V value) {
        if (id < 1 || id > 65535) {
            throw new IllegalArgumentException("packet id " + id + " is outside 1..65535");
        }
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (ids == null) {
            allocate(MIN_CAPACITY);
        }
        int slot = find(id);
        if (slot >= 0) {
            V replaced = valueAt(slot);
            values[slot] = value;
            return replaced;
        }
        if ((size + 1) * 2 > ids.length) {
            rehash(ids.length * 2);
        }
        insert(id, value, nextOrder++);
        size++;
        return null;
    }

    /**
     * Returns the value for {@code id}.
     *
     * @param id any int
     * @return the value, or null when absent
     */
    public V get(int id) {
        int slot = find(id);
        return slot >= 0 ? valueAt(slot) : null;
    }

    /**
     * Tells whether {@code id} has a value.
     *
     * @param id any int
     * @return true if present
     */
    public boolean containsKey(int id) {
        return find(id) >= 0;
    }

    /**
     * Removes the value for {@code id}.
     *
     * @param id any int
     * @return the removed value, or null when absent
     */
    public V remove(int id) {
        int slot = find(id);
        if (slot < 0) {
            return null;
        }
        V removed = valueAt(slot);
        removeAt(slot);
        size--;
        // The smallest table is kept when it empties: one message at a time must not allocate it anew each time.
        if (size * 8 < ids.length && ids.length > MIN_CAPACITY) {
            rehash(size == 0 ? MIN_CAPACITY : Math.max(MIN_CAPACITY, ids.length / 2));
        }
        return removed;
    }

    /**
     * Returns the number of entries.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Tells whether the table is empty.
     *
     * @return true without entries
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes every entry and frees the arrays. */
    public void clear() {
        release();
        nextOrder = 0;
    }

    /**
     * Returns the values in the order their ids were first added.
     *
     * @return an unmodifiable snapshot
     */
    public List<V> valuesInOrder() {
        if (size == 0) {
            return List.of();
        }
        // Called when packets are resent, which is rare: boxing slot numbers to sort them costs nothing that matters.
        Integer[] slots = new Integer[size];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != FREE) {
                slots[n++] = i;
            }
        }
        Arrays.sort(slots, (a, b) -> Long.compare(order[a], order[b]));
        List<V> result = new ArrayList<>(size);
        for (Integer slot : slots) {
            result.add(valueAt(slot));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Removes every entry and returns the values in the order their ids were first added.
     *
     * @return the removed values
     */
    public List<V> drain() {
        List<V> all = valuesInOrder();
        clear();
        return all;
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int slot) {
        return (V) values[slot];
    }

    private void allocate(int capacity) {
        ids = new int[capacity];
        values = new Object[capacity];
        order = new long[capacity];
    }

    private void release() {
        ids = null;
        values = null;
        order = null;
        size = 0;
    }

    private int home(int id) {
        return (id * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(ids.length));
    }

    private int find(int id) {
        if (ids == null || id == FREE) {
            return -1;
        }
        int mask = ids.length - 1;
        for (int slot = home(id); ; slot = (slot + 1) & mask) {
            int candidate = ids[slot];
            if (candidate == id) {
                return slot;
            }
            if (candidate == FREE) {
                return -1;
            }
        }
    }

    private void insert(int id, Object value, long sequence) {
        int mask = ids.length - 1;
        int slot = home(id);
        while (ids[slot] != FREE) {
            slot = (slot + 1) & mask;
        }
        ids[slot] = id;
        values[slot] = value;
        order[slot] = sequence;
    }

    /** Closes the gap so that every later entry of the probe run stays reachable from its home slot. */
    private void removeAt(int slot) {
        int mask = ids.length - 1;
        int gap = slot;
        for (int next = (gap + 1) & mask; ids[next] != FREE; next = (next + 1) & mask) {
            int home = home(ids[next]);
            boolean movable = gap <= next ? (home <= gap || home > next) : (home <= gap && home > next);
            if (movable) {
                ids[gap] = ids[next];
                values[gap] = values[next];
                order[gap] = order[next];
                gap = next;
            }
        }
        ids[gap] = FREE;
        values[gap] = null;
        order[gap] = 0;
    }

    private void rehash(int capacity) {
        int[] oldIds = ids;
        Object[] oldValues = values;
        long[] oldOrder = order;
        allocate(capacity);
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != FREE) {
                insert(oldIds[i], oldValues[i], oldOrder[i]);
            }
        }
    }
}
