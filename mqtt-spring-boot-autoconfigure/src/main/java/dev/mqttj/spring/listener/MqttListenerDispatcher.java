package dev.mqttj.spring.listener;

import dev.mqttj.client.Acknowledgement;
import dev.mqttj.client.MessageHandler;
import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.topic.TopicTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link MessageHandler} of the application's MQTT service: routes every received message through a
 * {@link TopicTree} to each running listener whose filter matches, once per listener even when several of its
 * filters match, and acknowledges a QoS 1 or 2 message only after every one of them is done with it.
 *
 * <p>Listeners on the reader thread run there, in arrival order; if any matched listener is concurrent, the
 * acknowledgement is deferred until the last of them is done. The routes of recently received topics are
 * cached (bounded, dropped whenever a listener's filters are added or removed), so a topic that comes again
 * costs one look-up instead of a walk of the tree; routing allocates nothing for a cached topic, and for
 * another one the walk fills a buffer owned by the reader thread.
 *
 * <p>Before the {@link MqttListenerEndpointRegistry} has started its listeners, a message waits (on the reader
 * thread, so the connection reads nothing else) up to the startup wait, then is refused: a persistent session
 * can deliver queued messages as soon as the connection opens, before the listeners are ready. After the
 * registry has stopped, a message is left unacknowledged if the session is persistent, so that the broker
 * delivers it to the next start, else acknowledged.
 */
public final class MqttListenerDispatcher implements MessageHandler {

    /** A matching filter of a container, the value stored in the topic tree. */
    record Route(MqttListenerContainer container, TopicTemplate template) {

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private enum State { STARTING, RUNNING, STOPPED }

    private final TopicTree<Route> routes = new TopicTree<>();
    private final ThreadLocal<Matches> matchBuffers = new ThreadLocal<>() {
        // Not ThreadLocal.withInitial(Matches::new): every start creates a dispatcher, and a cold JVM spins each
        // method reference.
        @Override
        protected Matches initialValue() {
            return new Matches();
        }
    };
    /** The routes of recent topics; replaced, empty, whenever a route is added or removed. */
    private volatile RouteCache routeCache = new RouteCache();
    private final boolean persistentSession;
    private final Duration startupWait;
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<Acknowledgement> heldWhileStopped = new ArrayList<>();
    private volatile State state = State.STARTING;

    /**
     * Creates the dispatcher.
     *
     * @param persistentSession whether the connection uses a persistent session ({@code clean-session=false}),
     *     so that messages not acknowledged while the listeners are stopped come again
     * @param startupWait how long a message that arrives before the listeners started waits for them
     */
    public MqttListenerDispatcher(boolean persistentSession, Duration startupWait) {
        this.persistentSession = persistentSession;
        this.startupWait = startupWait;
    }

    /**
     * Delivers a message to the matching listeners.
     *
     * @param received the message
     * @throws Exception to refuse the message: a listener's error handler asked for redelivery, or the
     *     listeners did not start within the startup wait
     */
    @Override
    public void handle(ReceivedMessage received) throws Exception {
        State current = state;
        if (current == State.STARTING) {
            current = awaitStart();
        }
        if (current == State.STOPPED) {
            holdWhileStopped(received);
            return;
        }
        String topic = received.message().topic();
        RouteCache cache = routeCache;
        CachedRoutes cached = cache.get(topic);
        if (cached == null) {
            dispatchUncached(received, topic, cache);
            return;
        }
        dispatch(received, cached.routes, cached.routes.length, cached.concurrent);
    }

    /** Routes through the topic tree, and remembers the result for the topic if the cache takes it. */
    private void dispatchUncached(ReceivedMessage received, String topic, RouteCache cache) throws Exception {
        Matches matches = matchBuffers.get();
        try {
            routes.forEachMatch(topic, matches);
            cache.put(topic, matches);
            dispatch(received, matches.routes, matches.size, matches.concurrent);
        } finally {
            matches.clear();
        }
    }

    private static void dispatch(ReceivedMessage received, Route[] matched, int count, boolean concurrent)
            throws Exception {
        if (count == 0) {
            return;
        }
        Throwable refusal = concurrent ? dispatchConcurrent(received, matched, count)
                : dispatchInline(received, matched, count);
        // A QoS 0 message never comes again: closing the connection for it would only cost the others.
        if (refusal != null && received.message().qos() > 0) {
            refuseIfAsked(refusal);
        }
    }

    private State awaitStart() throws InterruptedException {
        if (!started.await(startupWait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("MQTT listeners did not start within " + startupWait
                    + " of the first message; refusing it so that the broker delivers it again");
        }
        return state;
    }

    private static Throwable dispatchInline(ReceivedMessage received, Route[] matched, int count) {
        Throwable refusal = null;
        for (int i = 0; i < count; i++) {
            Route route = matched[i];
            if (!route.container.isRunning()) {
                continue;
            }
            Throwable refused = route.container.process(received, route.template);
            if (refusal == null) {
                refusal = refused;
            }
        }
        return refusal;
    }

    private static void refuseIfAsked(Throwable refusal) throws Exception {
        if (refusal instanceof Exception exception) {
            throw exception;
        }
        if (refusal != null) {
            throw new IllegalStateException("MQTT listener refused the message", refusal);
        }
    }

    /** Runs the inline listeners, queues the concurrent ones; returns why to refuse if that is known already. */
    private static Throwable dispatchConcurrent(ReceivedMessage received, Route[] matched, int count) {
        Route[] running = new Route[count];
        int runningCount = 0;
        for (int i = 0; i < count; i++) {
            if (matched[i].container.isRunning()) {
                running[runningCount++] = matched[i];
            }
        }
        if (runningCount == 0) {
            return null;
        }
        PendingAcknowledgement pending = new PendingAcknowledgement(received.deferAcknowledgement(), runningCount);
        for (int i = 0; i < runningCount; i++) {
            Route route = running[i];
            MqttListenerContainer container = route.container;
            try {
                if (!container.isConcurrent() || !container.submit(received, route.template, pending)) {
                    pending.done(container.isConcurrent() ? null : container.process(received, route.template));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.done(e);
            }
        }
        return pending.handedOver();
    }

    /**
     * Keeps a message that arrived after the listeners stopped unacknowledged when the session is persistent,
     * so that the broker delivers it to the next start; returning acknowledges it otherwise.
     */
    private void holdWhileStopped(ReceivedMessage received) {
        if (persistentSession && received.message().qos() > 0) {
            Acknowledgement held = received.deferAcknowledgement();
            synchronized (heldWhileStopped) {
                heldWhileStopped.add(held);
            }
        }
    }

    /**
     * Returns how many messages arrived while the listeners were stopped and are kept unacknowledged for
     * redelivery (persistent session only).
     *
     * @return the held messages; they are refused, and so delivered again, when the listeners start
     */
    public int heldCount() {
        synchronized (heldWhileStopped) {
            return heldWhileStopped.size();
        }
    }

    void add(Route route) {
        routes.add(route.template().filter(), route);
        routeCache = new RouteCache();
    }

    void remove(Route route) {
        routes.remove(route.template().filter(), route);
        routeCache = new RouteCache();
    }

    /** Lets messages through to the listeners; refuses those held while stopped, so they come again. */
    void open() {
        List<Acknowledgement> held;
        synchronized (heldWhileStopped) {
            held = List.copyOf(heldWhileStopped);
            heldWhileStopped.clear();
        }
        state = State.RUNNING;
        started.countDown();
        for (Acknowledgement acknowledgement : held) {
            acknowledgement.refuse(new IllegalStateException("MQTT listeners restarted: delivering again the"
                    + " messages that arrived while they were stopped"));
        }
    }

    /** Stops delivering messages to listeners. */
    void close() {
        state = State.STOPPED;
        started.countDown();
    }

    /** The routes of one topic: one per listener whose filter matches, running or not. */
    private static final class CachedRoutes {

        static final Route[] NONE = new Route[0];

        final String topic;
        final Route[] routes;
        final boolean concurrent;

        CachedRoutes(String topic, Route[] routes, boolean concurrent) {
            this.topic = topic;
            this.routes = routes;
            this.concurrent = concurrent;
        }
    }

    /**
     * The routes of recently received topics, so that a topic that comes again (a sensor reporting every few
     * seconds) is routed by one look-up instead of a walk of the topic tree. Open addressing over a few slots
     * from the topic's hash; a topic that finds them taken replaces one, so memory stays bounded whatever the
     * number of topics.
     *
     * <p>Written without synchronization by whichever thread delivers: entries are immutable (final fields),
     * so a reader sees an entry whole or not at all, and a lost write only costs a later walk. When most
     * look-ups miss, as with a topic per message, the cache stops taking entries for a while, so such a stream
     * pays neither the allocation of entries nor their eviction.
     */
    private static final class RouteCache {

        private static final int BITS = 10;
        private static final int SIZE = 1 << BITS;
        /** Slots a topic may occupy, from its home slot on. */
        private static final int PROBES = 4;
        /**
         * Longer topics are routed by the tree every time: MQTT allows names of 64 KB, and a full cache of those
         * would hold tens of megabytes; the decoder does not keep such names either.
         */
        private static final int MAX_TOPIC_LENGTH = 256;
        /** Look-ups per sample of the hit rate. */
        private static final int SAMPLE = 1024;
        /** Below this many hits per sample the cache pauses... */
        private static final int MIN_HITS = SAMPLE / 4;
        /** ...for this many messages, then tries again. */
        private static final int PAUSE = 64 * SAMPLE;

        private final CachedRoutes[] entries = new CachedRoutes[SIZE + PROBES - 1];
        // Racy counters: an approximate hit rate is all the pause decision needs.
        private int lookups;
        private int hits;
        private int paused;
        private int evictions;

        /** The home slot: Fibonacci hashing, since topics that differ in one digit differ little in hash. */
        private static int home(String topic) {
            return (topic.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - BITS);
        }

        /** Returns the routes of the topic, or null if they are not cached. */
        CachedRoutes get(String topic) {
            if (topic.length() > MAX_TOPIC_LENGTH) {
                return null;
            }
            if (paused > 0) {
                paused--;
                return null;
            }
            CachedRoutes found = find(topic);
            if (found != null) {
                hits++;
            }
            // At least, not equal: two readers that overlap (one stuck in a listener after its connection was
            // replaced) may skip the exact count, and sampling must not stop for good.
            if (++lookups >= SAMPLE) {
                if (hits < MIN_HITS) {
                    paused = PAUSE;
                }
                lookups = 0;
                hits = 0;
            }
            return found;
        }

        private CachedRoutes find(String topic) {
            int slot = home(topic);
            for (int i = slot; i < slot + PROBES; i++) {
                CachedRoutes entry = entries[i];
                if (entry == null) {
                    return null;
                }
                if (entry.topic == topic) {
                    return entry;
                }
                if (entry.topic.equals(topic)) {
                    // The same name in another String (the decoder's own cache replaced it): keep the one that
                    // arrives now, so that the next look-ups compare references instead of characters.
                    CachedRoutes renewed = new CachedRoutes(topic, entry.routes, entry.concurrent);
                    entries[i] = renewed;
                    return renewed;
                }
            }
            return null;
        }

        /** Remembers what the tree walk found for a topic. */
        void put(String topic, Matches matches) {
            if (paused > 0 || topic.length() > MAX_TOPIC_LENGTH) {
                return;
            }
            Route[] found = matches.size == 0 ? CachedRoutes.NONE : Arrays.copyOf(matches.routes, matches.size);
            CachedRoutes entry = new CachedRoutes(topic, found, matches.concurrent);
            int slot = home(topic);
            for (int i = slot; i < slot + PROBES; i++) {
                if (entries[i] == null) {
                    entries[i] = entry;
                    return;
                }
            }
            entries[slot + (evictions++ & (PROBES - 1))] = entry;
        }
    }

    /** The listeners a topic matched, collected by the tree walk; one per reader thread, reused. */
    private static final class Matches implements Consumer<Route> {

        Route[] routes = new Route[4];
        int size;
        boolean concurrent;

        @Override
        public void accept(Route route) {
            MqttListenerContainer container = route.container;
            for (int i = 0; i < size; i++) {
                if (routes[i].container == container) {
                    return;
                }
            }
            if (size == routes.length) {
                routes = Arrays.copyOf(routes, size * 2);
            }
            routes[size++] = route;
            concurrent |= container.isConcurrent();
        }

        void clear() {
            Arrays.fill(routes, 0, size, null);
            size = 0;
            concurrent = false;
        }
    }
}
