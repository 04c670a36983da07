package dev.mqttj.session;

import dev.mqttj.internal.IdTable;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.PacketIds;
import java.util.List;

/**
 * The packets of one direction by id, in first-saved order, like gomqtt's {@code session.PacketStore}.
 * Not thread-safe: its owner guards it.
 */
final class PacketStore {

    private final IdTable<IdentifiedPacket> packets = new IdTable<>();

    /** Stores the packet; a replaced packet keeps its place. Returns the replaced packet or null. */
    IdentifiedPacket save(IdentifiedPacket packet) {
        return packets.put(packet.id(), packet);
    }

    IdentifiedPacket lookup(int id) {
        return packets.get(id);
    }

    boolean contains(int id) {
        return packets.containsKey(id);
    }

    /** Removes the packet and returns it, or null when absent. */
    IdentifiedPacket delete(int id) {
        return packets.remove(id);
    }

    List<IdentifiedPacket> all() {
        return packets.valuesInOrder();
    }

    int size() {
        return packets.size();
    }

    void clear() {
        packets.clear();
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
