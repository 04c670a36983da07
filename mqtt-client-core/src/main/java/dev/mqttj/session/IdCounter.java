package dev.mqttj.session;

/**
 * Counts outgoing packet ids 1..65535 and wraps to 1, like gomqtt's {@code session.IDCounter}.
 * Not thread-safe: its owner guards it.
 */
final class IdCounter {

    private int next = Session.MIN_ID;

    /** Returns the next id in sequence, ignoring whether it is in use. */
    int next() {
        int id = next;
        next = id == Session.MAX_ID ? Session.MIN_ID : id + 1;
        return id;
    }

    /** Returns the next id in sequence that {@code store} holds no packet for. */
    int nextFree(PacketStore store) {
        for (int attempt = 0; attempt < Session.MAX_ID; attempt++) {
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
        next = id >= Session.MIN_ID && id <= Session.MAX_ID ? id : Session.MIN_ID;
    }

    void reset() {
        next = Session.MIN_ID;
    }
}
