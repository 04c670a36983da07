package dev.mqttj.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from {@code min} to {@code max} (factor 2) with jitter, so many
 * clients that lost the same broker do not all return at the same instant. Each delay is drawn
 * uniformly from the upper half of the exponential step. The service drops its backoff after a connection
 * that stayed up, so the next one starts over.
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private int attempt;

    Backoff(Duration min, Duration max) {
        this.minNanos = Math.max(1, min.toNanos());
        this.maxNanos = Math.max(this.minNanos, max.toNanos());
    }

    long nextDelayNanos() {
        long step = minNanos;
        for (int i = 0; i < attempt && step < maxNanos; i++) {
            step = step > maxNanos / 2 ? maxNanos : step * 2;
        }
        step = Math.min(step, maxNanos);
        if (attempt < 62) {
            attempt++;
        }
        long half = step / 2;
        return half + ThreadLocalRandom.current().nextLong(step - half + 1);
    }
}
