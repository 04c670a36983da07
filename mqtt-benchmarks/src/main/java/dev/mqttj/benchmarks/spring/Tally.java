package dev.mqttj.benchmarks.spring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a receiving benchmark's callback or listener puts what it got. The values are kept, so the compiler
 * cannot skip making them; the count is published with a release store, the cheapest write another thread
 * can wait on, and both sides of a comparison pay the same for it.
 *
 * <p>Written by one thread at a time (the connection's reader), read by any.
 */
public final class Tally {

    private final AtomicLong count = new AtomicLong();
    private volatile Object last;
    private Object lastKey;

    /**
     * Counts a message that carried a key (a topic variable) and a text payload.
     *
     * @param key the key
     * @param value the payload
     */
    public void add(String key, String value) {
        lastKey = key;
        last = value;
        count.setRelease(count.getPlain() + 1);
    }

    /**
     * Counts a message that carried a value.
     *
     * @param value the value
     */
    public void add(Object value) {
        last = value;
        count.setRelease(count.getPlain() + 1);
    }

    /**
     * Returns how many messages were counted.
     *
     * @return the count
     */
    public long count() {
        return count.getAcquire();
    }

    /**
     * Returns the last value counted.
     *
     * @return the value, or null if none
     */
    public Object last() {
        return last;
    }

    /**
     * Returns the key of the last message counted with one; read after {@link #count()} saw it.
     *
     * @return the key, or null if none
     */
    public Object lastKey() {
        return lastKey;
    }
}
