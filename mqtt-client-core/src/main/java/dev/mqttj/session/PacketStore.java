package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.PacketIds;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The packets of one direction by id, in first-saved order, like gomqtt's {@code session.PacketStore}.
 * Not thread-safe: its owner guards it.
 *
 * <p>Every QoS 1 and 2 message passes through here twice, so the table is keyed by the primitive id
 * (open addressing, linear probing, deletion by backward shift) and allocates nothing per packet. The
 * saved order, needed only when packets are resent, is a sequence number per slot that
 * {@link #all()} sorts by.
 */
final class PacketStore {

    private static final int MIN_CAPACITY = 8;
    private static final int EMPTY = 0;

    /** Packet ids are 1..65535, so 0 marks a free slot. */
    private int[] ids = new int[MIN_CAPACITY];
    private IdentifiedPacket[] packets = new IdentifiedPacket[MIN_CAPACITY];
    private long[] order = new long[MIN_CAPACITY];
    private int size;
    private long nextOrder;

    /** Stores the packet; a replaced packet keeps its place. Returns the replaced packet or null. */
    IdentifiedPacket save(IdentifiedPacket packet) {
        int id = packet.id();
        int slot = find(id);
        if (slot >= 0) {
            IdentifiedPacket replaced = packets[slot];
            packets[slot] = packet;
            return replaced;
        }
        if ((size + 1) * 2 > ids.length) {
            resize(ids.length * 2);
        }
        insert(id, packet, nextOrder++);
        size++;
        return null;
    }

    IdentifiedPacket lookup(int id) {
        int slot = find(id);
        return slot >= 0 ? packets[slot] : null;
    }

    boolean contains(int id) {
        return find(id) >= 0;
    }

    /** Removes the packet and returns it, or null when absent. */
    IdentifiedPacket delete(int id) {
        int slot = find(id);
        if (slot < 0) {
            return null;
        }
        IdentifiedPacket removed = packets[slot];
        removeAt(slot);
        size--;
        if (size * 8 < ids.length && ids.length > MIN_CAPACITY) {
            resize(ids.length / 2);
        }
        return removed;
    }

    /** The stored packets in the order they were first saved. */
    List<IdentifiedPacket> all() {
        if (size == 0) {
            return List.of();
        }
        int[] slots = new int[size];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != EMPTY) {
                slots[n++] = i;
            }
        }
        // Resending is rare, so boxing the slots to sort them by sequence number costs nothing that matters.
        Integer[] byOrder = new Integer[size];
        for (int i = 0; i < size; i++) {
            byOrder[i] = slots[i];
        }
        Arrays.sort(byOrder, (a, b) -> Long.compare(order[a], order[b]));
        IdentifiedPacket[] result = new IdentifiedPacket[size];
        for (int i = 0; i < size; i++) {
            result[i] = packets[byOrder[i]];
        }
        return Collections.unmodifiableList(Arrays.asList(result));
    }

    int size() {
        return size;
    }

    void clear() {
        ids = new int[MIN_CAPACITY];
        packets = new IdentifiedPacket[MIN_CAPACITY];
        order = new long[MIN_CAPACITY];
        size = 0;
        nextOrder = 0;
    }

    private int home(int id) {
        return (id * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(ids.length));
    }

    private int find(int id) {
        int mask = ids.length - 1;
        for (int slot = home(id); ; slot = (slot + 1) & mask) {
            int candidate = ids[slot];
            if (candidate == id) {
                return slot;
            }
            if (candidate == EMPTY) {
                return -1;
            }
        }
    }

    private void insert(int id, IdentifiedPacket packet, long sequence) {
        int mask = ids.length - 1;
        int slot = home(id);
        while (ids[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        ids[slot] = id;
        packets[slot] = packet;
        order[slot] = sequence;
    }

    /** Closes the gap so that every later entry of the probe run stays reachable from its home slot. */
    private void removeAt(int slot) {
        int mask = ids.length - 1;
        int gap = slot;
        for (int next = (gap + 1) & mask; ids[next] != EMPTY; next = (next + 1) & mask) {
            int home = home(ids[next]);
            boolean movable = gap <= next ? (home <= gap || home > next) : (home <= gap && home > next);
            if (movable) {
                ids[gap] = ids[next];
                packets[gap] = packets[next];
                order[gap] = order[next];
                gap = next;
            }
        }
        ids[gap] = EMPTY;
        packets[gap] = null;
        order[gap] = 0;
    }

    private void resize(int capacity) {
        int[] oldIds = ids;
        IdentifiedPacket[] oldPackets = packets;
        long[] oldOrder = order;
        ids = new int[capacity];
        packets = new IdentifiedPacket[capacity];
        order = new long[capacity];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != EMPTY) {
                insert(oldIds[i], oldPackets[i], oldOrder[i]);
            }
        }
    }

    /** Checks that a packet id is usable as a key, naming the packet when not. */
    static void requireValidId(IdentifiedPacket packet) {
        if (packet == null) {
            throw new NullPointerException("packet");
        }
        int id = packet.id();
        if (id < PacketIds.MIN || id > PacketIds.MAX) {
            throw new IllegalArgumentException(
                    "packet id " + id + " of " + packet.getClass().getSimpleName() + " is outside 1..65535");
        }
    }
}
