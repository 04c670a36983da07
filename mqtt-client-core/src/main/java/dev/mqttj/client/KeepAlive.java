package dev.mqttj.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Tracks send silence and the outstanding PINGREQ of one connection (gomqtt's tracker): a ping is
 * due after {@code interval} without sending, and a pong is missing when another interval passes
 * after the ping without PINGRESP while the reader was waiting to read. A reader busy with a message
 * (a slow callback, or back-pressure from deferred acknowledgements) cannot have read the PINGRESP, so
 * the connection is not judged then.
 */
final class KeepAlive {

    private static final VarHandle READER_WAITING;

    static {
        try {
            READER_WAITING = MethodHandles.lookup().findVarHandle(KeepAlive.class, "readerWaiting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long intervalNanos;
    private volatile long lastSend;
    private volatile boolean pingPending;
    /**
     * Whether the reader waits in {@code receive()}. Written by the reader around every read with release
     * semantics, which is a plain store on x86: no fence per packet for a flag the timer reads once an interval.
     */
    @SuppressWarnings("unused")
    private boolean readerWaiting;

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

    /** Called by the reader before and after each read. */
    void readerWaiting(boolean waiting) {
        READER_WAITING.setRelease(this, waiting);
    }

    /** Whether a PINGRESP that arrived would have been read: the reader waits for the next packet. */
    boolean isReaderWaiting() {
        return (boolean) READER_WAITING.getAcquire(this);
    }
}
