package dev.mqttj.client;

/**
 * Tracks send silence and the outstanding PINGREQ of one connection (gomqtt's tracker): a ping is
 * due after {@code interval} without sending, and a pong is missing when another interval passes
 * after the ping without PINGRESP.
 */
final class KeepAlive {

    private final long intervalNanos;
    private volatile long lastSend;
    private volatile boolean pingPending;

    KeepAlive(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.lastSend = System.nanoTime();
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /** Called on every packet sent. */
    void sent() {
        lastSend = System.nanoTime();
    }

    /** Nanoseconds until a ping is due; zero or negative when it is due now. */
    long window() {
        return intervalNanos - (System.nanoTime() - lastSend);
    }

    void pinged() {
        pingPending = true;
    }

    void ponged() {
        pingPending = false;
    }

    boolean pingPending() {
        return pingPending;
    }
}
