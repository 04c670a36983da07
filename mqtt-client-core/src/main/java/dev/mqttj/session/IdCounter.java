package dev.mqttj.session;

import dev.mqttj.packet.PacketIds;

/**
 * Counts outgoing packet ids 1..65535 and wraps to 1, like gomqtt's {@code session.IDCounter}.
 * Not thread-safe: its owner guards it.
 */
final class IdCounter {

    private int next = PacketIds.MIN;

    /** Returns the next id in sequence, ignoring whether it is in use. */
    int next() {
        int id = next;
        next = id == PacketIds.MAX ? PacketIds.MIN : id + 1;
        return id;
    }

    /** Returns the next id in sequence that {@code store} holds no packet for. */
    int nextFree(PacketStore store) {
        for (int attempt = 0; attempt < PacketIds.MAX; attempt++) {
            int id = next();
            if (!store.contains(id)) {
                return id;
            }
        }
        throw new IllegalStateException("all 65535 packet ids have a stored outgoing packet");
    }

    /** Returns the id {@link #next()} would return, without advancing. */
    int peek() {
        return next;
    }

    /** Makes {@code id} the next id returned; out-of-range values restart at 1. */
    void resumeAt(int id) {
        next = id >= PacketIds.MIN && id <= PacketIds.MAX ? id : PacketIds.MIN;
    }

    void reset() {
        next = PacketIds.MIN;
    }
}
