package dev.mqttj.client;

import java.time.Duration;
import java.util.List;

/**
 * When and where a service tries its next connection: the broker URLs in turn, and a backoff only
 * after a full round over them failed. A failed attempt moves on to the next URL at once (as Paho's
 * server URIs do); a working URL stays in use after a loss; a connection that stayed up for the
 * longest backoff delay starts the delays over.
 *
 * <p>Not thread-safe: the service calls it with its lock held, or from its supervisor alone.
 */
final class ReconnectSchedule {

    private final Duration minDelay;
    private final Duration maxDelay;
    private final List<String> urls;
    private int urlIndex;
    /** Attempts that failed since the last connection or the last full round over the URLs. */
    private int failedInRound;
    /** Whether the next attempt goes without a delay: the first one, and one after a requested renewal. */
    private boolean noDelayNext = true;
    private Backoff backoff;
    private long connectedAtNanos;

    /**
     * @param urls the broker URLs, tried in this order; at least one
     * @param minDelay the first backoff delay
     * @param maxDelay the longest backoff delay, also how long a connection must stay up to reset the delays
     */
    ReconnectSchedule(List<String> urls, Duration minDelay, Duration maxDelay) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one broker URL is required");
        }
        this.urls = List.copyOf(urls);
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * The wait before the next attempt, in nanoseconds: zero for the very first attempt and within a
     * round over the URLs, a growing backoff delay otherwise.
     */
    long nextDelayNanos() {
        if (noDelayNext) {
            noDelayNext = false;
            return 0;
        }
        if (failedInRound != 0) {
            return 0;
        }
        if (backoff == null) {
            backoff = new Backoff(minDelay, maxDelay);
        }
        return backoff.nextDelayNanos();
    }

    /** The next attempt goes at once: the connection was replaced on request, which is not a failure. */
    void connectNextWithoutDelay() {
        noDelayNext = true;
    }

    /** The URL of the next attempt; it stays on one that worked. */
    String url() {
        return urls.get(urlIndex);
    }

    /** Moves on to the next URL; after a full round without success the next attempt backs off. */
    void attemptFailed() {
        urlIndex = (urlIndex + 1) % urls.size();
        failedInRound = (failedInRound + 1) % urls.size();
    }

    /** A connection was accepted: the round starts over on this URL. */
    void connected(long nowNanos) {
        failedInRound = 0;
        connectedAtNanos = nowNanos;
    }

    /** The connection ended; one that stayed up for the longest delay starts the delays over. */
    void connectionLost(long nowNanos) {
        if (nowNanos - connectedAtNanos >= maxDelay.toNanos()) {
            backoff = null;
        }
    }
}
