package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Session} held in memory only: lost when the process ends.
 *
 * <p>Thread-safe. Each direction has its own lock, so the reader thread handling incoming QoS 2 packets
 * does not contend with user threads publishing; the id counter shares the outgoing lock because
 * {@link #nextId()} checks the outgoing store.
 */
public final class MemorySession implements Session {

    private final PacketStore incoming = new PacketStore();
    private final PacketStore outgoing = new PacketStore();
    private final IdCounter counter = new IdCounter();

    /** Creates an empty session whose first id is 1. */
    public MemorySession() {
    }

    /** {@inheritDoc} */
    @Override
    public int nextId() {
        synchronized (outgoing) {
            return counter.nextFree(outgoing);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void savePacket(Direction direction, IdentifiedPacket packet) {
        PacketStore.requireValidId(packet);
        PacketStore store = store(direction);
        synchronized (store) {
            store.save(packet);
        }
    }

    /** {@inheritDoc} */
    @Override
    public IdentifiedPacket lookupPacket(Direction direction, int id) {
        PacketStore store = store(direction);
        synchronized (store) {
            return store.lookup(id);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void deletePacket(Direction direction, int id) {
        PacketStore store = store(direction);
        synchronized (store) {
            store.delete(id);
        }
    }

    /** {@inheritDoc} */
    @Override
    public List<IdentifiedPacket> allPackets(Direction direction) {
        PacketStore store = store(direction);
        synchronized (store) {
            return store.all();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void reset() {
        // Lock order outgoing then incoming; no other method holds both.
        synchronized (outgoing) {
            synchronized (incoming) {
                incoming.clear();
                outgoing.clear();
                counter.reset();
            }
        }
    }

    private PacketStore store(Direction direction) {
        Objects.requireNonNull(direction, "direction");
        return direction == Direction.INCOMING ? incoming : outgoing;
    }
}
