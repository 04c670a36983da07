package dev.mqttj.client;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Subscription;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import dev.mqttj.transport.BrokerUrl;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps a connection to a broker alive: the Java port of gomqtt's {@code client.Service}.
 *
 * <p>After {@link #start(Config)} a supervisor thread ({@code mqtt-<clientId>-service}) connects,
 * calls the {@link OnlineCallback}, resubscribes every subscription made through the service,
 * sends the commands queued while offline, and then lets publishes go straight to the connection
 * from the caller's thread. When the connection is lost it reports the error, calls the
 * {@link OfflineCallback} and reconnects after an exponential backoff with jitter (reset after a
 * connection that stayed up for {@code maxReconnectDelay}). A broker that is down at start is
 * retried like any other.
 *
 * <p>While the connection is up and nothing is queued the supervisor thread ends, so an idle
 * service costs no more threads than its client; the loss of the connection or {@link #stop(boolean)}
 * starts a new supervisor that carries on where the old one left off.
 *
 * <p>Futures survive reconnects: a QoS 1 or 2 message stays in the {@link Session} until the broker
 * acknowledges it, on this connection or a later one. While offline, commands wait in a queue of
 * {@code queueSize}; QoS 1 and 2 messages are also written to the session at once, so with a
 * persistent session ({@code cleanSession=false} and a {@link dev.mqttj.session.FileSession}) they
 * survive a restart of the JVM. When the queue is full a caller waits at most the queue timeout;
 * then its future is canceled with a {@link QueueFullException}. Nothing blocks forever and nothing
 * grows without bound.
 *
 * <p>All public methods are thread-safe. Settings must be changed before {@link #start(Config)}.
 *
 * <p>Internally the service is in one {@link Phase} at a time, changed only with its lock held:
 * <table>
 *   <caption>Phases and their transitions</caption>
 *   <tr><th>phase</th><th>what runs</th><th>next</th></tr>
 *   <tr><td>STOPPED</td><td>nothing; commands fail or wait in the queue</td><td>CONNECTING on start</td></tr>
 *   <tr><td>CONNECTING</td><td>the supervisor dials, awaits CONNACK, runs the online callback, resubscribes
 *       and drains the queue</td><td>ONLINE when the queue is empty; BACKING_OFF when the attempt or
 *       connection failed; STOPPING on stop</td></tr>
 *   <tr><td>ONLINE</td><td>no supervisor, unless one drains commands queued meanwhile: callers publish on
 *       the connection directly</td><td>BACKING_OFF when the connection is lost; CONNECTING, without a delay,
 *       after {@link #renewConnection()} closed it gracefully; STOPPING on stop</td></tr>
 *   <tr><td>BACKING_OFF</td><td>the supervisor waits the backoff delay</td><td>CONNECTING (at once on
 *       {@link #renewConnection()}); STOPPING on stop</td></tr>
 *   <tr><td>STOPPING</td><td>the supervisor drains acknowledgements, disconnects, calls the offline
 *       callback</td><td>STOPPED</td></tr>
 * </table>
 * The connection side (connecting, resubscribing, draining the queue, going offline, the reconnect
 * schedule) lives in a package-private {@code Supervisor}, one per run from start to stop; the service keeps
 * the API, the offline {@code CommandQueue} and the {@code SubscriptionRegistry}.
 */
public final class Service implements MqttOperations {

    /** Where a service is in its life; see the class documentation for the transitions. */
    enum Phase { STOPPED, CONNECTING, ONLINE, BACKING_OFF, STOPPING }

    /** The default capacity of the offline command queue, as in gomqtt. */
    public static final int DEFAULT_QUEUE_SIZE = 100;
    /** The default shortest delay before reconnecting, as in gomqtt. */
    public static final Duration DEFAULT_MIN_RECONNECT_DELAY = Duration.ofSeconds(1);
    /** The default longest delay before reconnecting, as in gomqtt. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(32);
    /** The default limit for dialing plus CONNACK, as in gomqtt. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default time {@link #stop(boolean)} waits for acknowledgements in flight, as in gomqtt. */
    public static final Duration DEFAULT_DISCONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default limit for the SUBACK of a resubscribe, as in gomqtt. */
    public static final Duration DEFAULT_RESUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);
    /** The default time a caller waits for room in a full queue. */
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(10);

    // Package-private: the Supervisor works on this state, always with the lock held unless it says otherwise.
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final CommandQueue queue;
    final SubscriptionRegistry subscriptions = new SubscriptionRegistry();
    final FutureStore futures = new FutureStore();

    // Settings: written before start only, read by the supervisor after start.
    Session session = new MemorySession();
    OnlineCallback onlineCallback;
    OfflineCallback offlineCallback;
    private MessageCallback messageCallback;
    MessageHandler messageHandler;
    private ErrorCallback errorCallback;
    Logger logger;
    ClientEventListener events = ClientEventListener.NONE;
    /** Whether a listener takes acknowledgement latencies: only then is the clock read per publish. */
    private boolean timesAcknowledgements;
    Log log = new Log(null);
    private Duration minReconnectDelay = DEFAULT_MIN_RECONNECT_DELAY;
    private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration disconnectTimeout = DEFAULT_DISCONNECT_TIMEOUT;
    private Duration resubscribeTimeout = DEFAULT_RESUBSCRIBE_TIMEOUT;
    private Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;
    boolean resubscribeAllSubscriptions = true;

    Phase phase = Phase.STOPPED;
    boolean clearFuturesOnExit;
    private Config config;
    volatile Instant since;
    volatile long connectionAttempts;
    private volatile Throwable lastError;
    /** The connection side of the current run, from start to the end of its stop. */
    private Supervisor supervisor;
    /** The supervisor thread running now, if any. */
    private CallbackThread supervisorThread;
    /** The client a supervisor thread left serving when it ended; the next thread continues with it. */
    private Client parked;
    /** The online client callers may use directly; null while offline, connecting or stopping. */
    Client current;
    /**
     * Set by {@link #renewConnection()}: the connection made before the request is to be replaced. Cleared when
     * a connection attempt begins, since that attempt already dials with whatever the request was about.
     */
    boolean renewalRequested;

    /** Creates a service with a queue of {@link #DEFAULT_QUEUE_SIZE} commands. */
    public Service() {
        this(DEFAULT_QUEUE_SIZE);
    }

    /**
     * Creates a service.
     *
     * @param queueSize how many publish, subscribe and unsubscribe commands may wait while offline
     * @throws IllegalArgumentException if the size is below 1
     */
    public Service(int queueSize) {
        this.queue = new CommandQueue(queueSize);
    }

    /**
     * Sets the session that stores unacknowledged packets across connections (default: a fresh MemorySession). Must be called before {@link #start(Config)}.
     *
     * @param session the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setSession(Session session) {
        if (session == null) {
            throw new IllegalArgumentException("session must not be null");
        }
        checkStopped("session");
        this.session = session;
    }

    /**
     * Sets the callback run each time the service is online. Must be called before {@link #start(Config)}.
     *
     * @param onlineCallback the new value
     * @throws IllegalStateException if the service is started
     */
    public void setOnlineCallback(OnlineCallback onlineCallback) {
        checkStopped("onlineCallback");
        this.onlineCallback = onlineCallback;
    }

    /**
     * Sets the callback run each time an online connection ends. Must be called before {@link #start(Config)}.
     *
     * @param offlineCallback the new value
     * @throws IllegalStateException if the service is started
     */
    public void setOfflineCallback(OfflineCallback offlineCallback) {
        checkStopped("offlineCallback");
        this.offlineCallback = offlineCallback;
    }

    /**
     * Sets the callback that receives messages. Must be called before {@link #start(Config)}.
     *
     * @param messageCallback the new value
     * @throws IllegalStateException if the service is started
     */
    public void setMessageCallback(MessageCallback messageCallback) {
        checkStopped("messageCallback");
        this.messageCallback = messageCallback;
    }

    /**
     * Sets the callback that receives the errors the service recovers from. Must be called before {@link #start(Config)}.
     *
     * @param errorCallback the new value
     * @throws IllegalStateException if the service is started
     */
    public void setErrorCallback(ErrorCallback errorCallback) {
        checkStopped("errorCallback");
        this.errorCallback = errorCallback;
    }

    /**
     * Sets the handler for received messages, which sees each message's DUP flag and packet id and may
     * defer its acknowledgement ({@link ReceivedMessage#deferAcknowledgement()}). When set, it receives
     * the messages instead of the {@link MessageCallback}, with the same guarantees: in arrival order, after
     * the connection's online callback. A deferred acknowledgement that is still outstanding when the
     * connection ends is dropped; with a resumed session the broker delivers the message again. Must be
     * called before {@link #start(Config)}.
     *
     * @param messageHandler the handler, or null to use the message callback
     * @throws IllegalStateException if the service is started
     */
    public void setMessageHandler(MessageHandler messageHandler) {
        checkStopped("messageHandler");
        this.messageHandler = messageHandler;
    }

    /**
     * Sets the logger for packets, keep-alive and reconnect decisions. Must be called before {@link #start(Config)}.
     *
     * @param logger the new value
     * @throws IllegalStateException if the service is started
     */
    public void setLogger(Logger logger) {
        checkStopped("logger");
        this.logger = logger;
        this.log = new Log(logger);
    }

    /**
     * Sets the listener for structured events of this service and its connections: attempts,
     * connections with session-present, losses with their cause, acknowledgements with their latency,
     * received messages, a full queue, failed subscriptions. Must be called before {@link #start(Config)}.
     *
     * @param listener the listener, or null for none
     * @throws IllegalStateException if the service is started
     */
    public void setEventListener(ClientEventListener listener) {
        checkStopped("eventListener");
        this.events = listener == null ? ClientEventListener.NONE : EventListeners.of(List.of(listener));
        this.timesAcknowledgements = EventListeners.timesAcknowledgements(this.events);
    }

    /**
     * Sets the shortest delay between reconnect attempts (default 1 s, as in gomqtt). Must be called before {@link #start(Config)}.
     *
     * @param minReconnectDelay the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setMinReconnectDelay(Duration minReconnectDelay) {
        if (minReconnectDelay == null || minReconnectDelay.isNegative() || minReconnectDelay.isZero()) {
            throw new IllegalArgumentException("minReconnectDelay must be positive but was " + minReconnectDelay);
        }
        checkStopped("minReconnectDelay");
        this.minReconnectDelay = minReconnectDelay;
    }

    /**
     * Sets the longest delay between reconnect attempts (default 32 s, as in gomqtt); a connection that stayed up this long resets the backoff. Must be called before {@link #start(Config)}.
     *
     * @param maxReconnectDelay the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        if (maxReconnectDelay == null || maxReconnectDelay.isNegative() || maxReconnectDelay.isZero()) {
            throw new IllegalArgumentException("maxReconnectDelay must be positive but was " + maxReconnectDelay);
        }
        checkStopped("maxReconnectDelay");
        this.maxReconnectDelay = maxReconnectDelay;
    }

    /**
     * Sets how long one connection attempt may take, dialing and CONNACK included (default 5 s). Must be called before {@link #start(Config)}.
     *
     * @param connectTimeout the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setConnectTimeout(Duration connectTimeout) {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive but was " + connectTimeout);
        }
        checkStopped("connectTimeout");
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sets how long {@link #stop(boolean)} waits for acknowledgements in flight (default 10 s). Must be called before {@link #start(Config)}.
     *
     * @param disconnectTimeout the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setDisconnectTimeout(Duration disconnectTimeout) {
        if (disconnectTimeout == null || disconnectTimeout.isNegative()) {
            throw new IllegalArgumentException("disconnectTimeout must be zero or positive but was " + disconnectTimeout);
        }
        checkStopped("disconnectTimeout");
        this.disconnectTimeout = disconnectTimeout;
    }

    /**
     * Sets how long the SUBACK of the resubscription after a reconnect may take before the service reconnects again (default 5 s). Must be called before {@link #start(Config)}.
     *
     * @param resubscribeTimeout the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setResubscribeTimeout(Duration resubscribeTimeout) {
        if (resubscribeTimeout == null || resubscribeTimeout.isNegative() || resubscribeTimeout.isZero()) {
            throw new IllegalArgumentException("resubscribeTimeout must be positive but was " + resubscribeTimeout);
        }
        checkStopped("resubscribeTimeout");
        this.resubscribeTimeout = resubscribeTimeout;
    }

    /**
     * Sets how long a caller waits for room in a full offline queue before its future is canceled (default 10 s). Must be called before {@link #start(Config)}.
     *
     * @param queueTimeout the new value
     * @throws IllegalArgumentException if the value is invalid
     * @throws IllegalStateException if the service is started
     */
    public void setQueueTimeout(Duration queueTimeout) {
        if (queueTimeout == null || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queueTimeout must be zero or positive but was " + queueTimeout);
        }
        checkStopped("queueTimeout");
        this.queueTimeout = queueTimeout;
    }

    /**
     * Sets whether every remembered subscription is renewed after each reconnect (default true); turn it off only with persistent sessions on a broker that keeps them. Must be called before {@link #start(Config)}.
     *
     * @param resubscribeAllSubscriptions the new value
     * @throws IllegalStateException if the service is started
     */
    public void setResubscribeAllSubscriptions(boolean resubscribeAllSubscriptions) {
        checkStopped("resubscribeAllSubscriptions");
        this.resubscribeAllSubscriptions = resubscribeAllSubscriptions;
    }

    private void checkStopped(String setting) {
        lock.lock();
        try {
            if (phase != Phase.STOPPED) {
                throw new IllegalStateException(setting + " must be set before start");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts connecting in the background; from now on the service reconnects after every loss until
     * {@link #stop(boolean)}. Starting a started service does nothing.
     *
     * @param config how to connect; with {@code cleanSession=false} a client id is required
     * @throws ClientMissingIdException if {@code cleanSession} is false and the client id is empty
     */
    public void start(Config config) {
        Objects.requireNonNull(config, "config");
        if (!config.cleanSession() && config.clientId().isEmpty()) {
            throw new ClientMissingIdException();
        }
        lock.lock();
        try {
            if (phase != Phase.STOPPED) {
                return;
            }
            phase = Phase.CONNECTING;
            clearFuturesOnExit = false;
            // The service's connect timeout bounds each attempt's dial and CONNACK (gomqtt's ConnectTimeout).
            this.config = config.toBuilder().connectTimeout(connectTimeout).build();
            this.since = Instant.now();
            futures.reopen();
            futures.protect(true);
            supervisor = new Supervisor(this, this.config);
            startSupervisor(null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the service: waits up to the disconnect timeout for acknowledgements in flight, sends
     * DISCONNECT, calls the offline callback and ends the supervisor. Stopping a stopped service does
     * nothing; a stopped service can be started again. Called from one of the service's own
     * callbacks, it returns at once and the stop completes when the callback returns.
     *
     * @param clearFutures whether to cancel every future still waiting (publishes stored in the
     *     session are still resent after the next start); without it, they may complete after a restart
     */
    public void stop(boolean clearFutures) {
        Thread thread;
        lock.lock();
        try {
            if (phase == Phase.STOPPED) {
                return;
            }
            if (phase == Phase.STOPPING) {
                clearFuturesOnExit |= clearFutures;
                return;
            }
            phase = Phase.STOPPING;
            clearFuturesOnExit = clearFutures;
            if (parked != null) {
                startSupervisor(parked);
            }
            thread = supervisorThread;
            supervisor.cancelAttempt();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread self = Thread.currentThread();
        if (self instanceof CallbackThread && ((CallbackThread) self).owner() == this) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replaces the connection: the current one is closed gracefully, as {@link #stop(boolean)} would close it
     * (acknowledgements in flight are awaited up to the disconnect timeout, then DISCONNECT is sent, so the
     * broker does not publish the will), and a new one is dialed at once, without a backoff delay. Use it
     * after something the next dial depends on has changed, such as TLS material a custom
     * {@link dev.mqttj.transport.Dialer} now presents: without it, the new material would only be used after
     * the connection is lost for another reason.
     *
     * <p>Callers see the service go offline and online again: the offline and online callbacks run, the
     * subscriptions are renewed, and publishes made meanwhile wait in the queue. While connecting, an attempt
     * that already dialed is renewed once it is online; while backing off, the wait is cut short. A stopped
     * or stopping service ignores the call. Returns at once; the renewal runs on the supervisor thread.
     *
     * @return true if a renewal was requested, false when the service is stopped or stopping
     */
    public boolean renewConnection() {
        lock.lock();
        try {
            if (phase == Phase.STOPPED || phase == Phase.STOPPING) {
                return false;
            }
            renewalRequested = true;
            if (parked != null) {
                startSupervisor(parked);
            }
            // Wakes a supervisor waiting out its backoff delay.
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Publishes a message; see {@link #publishMessage(Message)}.
     *
     * @param topic the topic name
     * @param payload the payload; not copied, so do not change it afterwards
     * @param qos 0, 1 or 2
     * @param retain whether the broker retains the message
     * @return a future that completes when the QoS flow is done
     * @throws IllegalArgumentException if the topic or QoS is invalid
     */
    @Override
    public GenericFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return publishMessage(new Message(topic, payload, qos, retain));
    }

    /**
     * Publishes a message. Online it goes straight to the connection; offline it is queued (and a
     * QoS 1 or 2 message stored in the session) and sent after the next connect.
     *
     * @param message the message
     * @return a future that completes when the QoS flow is done; canceled with a
     *     {@link QueueFullException} when the queue stayed full for the queue timeout
     */
    @Override
    public GenericFuture<Void> publishMessage(Message message) {
        Objects.requireNonNull(message, "message");
        return publish(message, MqttFuture.publish(this));
    }

    /**
     * Publishes a message and calls {@code whenDone} with the outcome, registered before the message is handed
     * over; see {@link MqttOperations#publishMessage(Message, BiConsumer)}.
     *
     * @param message the message
     * @param whenDone called once the QoS flow is done, with {@code (null, null)} or the failure
     * @return a future that completes when the QoS flow is done; canceled with a
     *     {@link QueueFullException} when the queue stayed full for the queue timeout
     * @throws NullPointerException if an argument is null
     */
    @Override
    public GenericFuture<Void> publishMessage(Message message,
            BiConsumer<? super Void, ? super MqttClientException> whenDone) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(whenDone, "whenDone");
        MqttFuture.Ack future = MqttFuture.publish(this);
        future.presetAction(whenDone);
        return publish(message, future);
    }

    private GenericFuture<Void> publish(Message message, MqttFuture.Ack future) {
        if (events != ClientEventListener.NONE) {
            if (timesAcknowledgements) {
                future.issuedNanos = System.nanoTime();
            }
            events.published(message.qos());
        }
        Client direct = directClient();
        try {
            if (direct != null && message.qos() == 0 && direct.offer(message, future)) {
                return future;
            }
            if (direct != null && message.qos() > 0) {
                Publish stored;
                // The connection can end and the next one resend the session while this thread stores the
                // message: under the lock that resend (Hooks.resendStored) sees the message and its future
                // together or the client no longer connected, so the message is queued instead.
                lock.lock();
                try {
                    stored = direct.storeTracked(message, future);
                } finally {
                    lock.unlock();
                }
                if (stored != null || future.isDone()) {
                    if (stored != null) {
                        direct.sendStored(stored);
                    }
                    return future;
                }
            }
        } catch (IOException e) {
            fail(future, new MqttClientException("session store failed: " + e.getMessage(), e));
            return future;
        }
        enqueue(Command.publish(message, future));
        return future;
    }

    /**
     * Subscribes to one topic filter; see {@link #subscribeMultiple(List)}.
     *
     * @param topicFilter the filter
     * @param qos the maximum QoS to receive
     * @return a future that completes with the granted QoS on SUBACK
     * @throws IllegalArgumentException if the filter or QoS is invalid
     */
    @Override
    public SubscribeFuture subscribe(String topicFilter, int qos) {
        return subscribeMultiple(List.of(new Subscription(topicFilter, qos)));
    }

    /**
     * Subscribes to several filters and remembers them: after every reconnect the service
     * subscribes to all remembered filters again (for the same filter the last QoS wins).
     *
     * @param subscriptions at least one subscription
     * @return a future that completes with the granted QoS per filter on SUBACK
     * @throws IllegalArgumentException if the list is empty
     */
    @Override
    public SubscribeFuture subscribeMultiple(List<Subscription> subscriptions) {
        if (subscriptions == null || subscriptions.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE: subscriptions must contain at least one entry");
        }
        List<Subscription> copy = List.copyOf(subscriptions);
        MqttFuture.Subscribe future = new MqttFuture.Subscribe(this, copy);
        Map<String, Subscription> replaced = withLock(() -> this.subscriptions.remember(copy));
        if (!dispatchOrQueue(Command.subscribe(copy, future))) {
            // The caller was told it failed: it must not come back with the next resubscription.
            restore(replaced, left -> left != null && copy.contains(left));
        }
        return future;
    }

    /**
     * Unsubscribes from one topic filter; see {@link #unsubscribeMultiple(List)}.
     *
     * @param topicFilter the filter
     * @return a future that completes on UNSUBACK
     * @throws IllegalArgumentException if the filter is invalid
     */
    @Override
    public GenericFuture<Void> unsubscribe(String topicFilter) {
        return unsubscribeMultiple(List.of(topicFilter));
    }

    /**
     * Unsubscribes from several filters and forgets them, so they are not resubscribed.
     *
     * @param topicFilters at least one filter
     * @return a future that completes on UNSUBACK
     * @throws IllegalArgumentException if the list is empty
     */
    @Override
    public GenericFuture<Void> unsubscribeMultiple(List<String> topicFilters) {
        if (topicFilters == null || topicFilters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE: topic filters must contain at least one entry");
        }
        List<String> copy = List.copyOf(topicFilters);
        MqttFuture.Ack future = MqttFuture.unsubscribe(this);
        Map<String, Subscription> removed = withLock(() -> subscriptions.forget(copy));
        if (!dispatchOrQueue(Command.unsubscribe(copy, future))) {
            restore(removed, Objects::isNull);
        }
        return future;
    }

    /**
     * Tells whether the service is connected and past resubscribing and its queue.
     *
     * @return true while online
     */
    public boolean isOnline() {
        lock.lock();
        try {
            return current != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a snapshot of the service's state: started, online, since when, connection attempts,
     * the last error, queued and in-flight commands and the broker URL (password masked). Cheap enough
     * for a health check on every request; the fields are read one by one, so a snapshot taken while the
     * state changes may mix before and after.
     *
     * @return the snapshot
     */
    public ServiceStatus status() {
        boolean isStarted;
        boolean online;
        int queued;
        String url;
        lock.lock();
        try {
            isStarted = phase != Phase.STOPPED;
            online = current != null;
            queued = queue.size();
            url = supervisor == null ? null : BrokerUrl.parse(supervisor.currentUrl()).toString();
        } finally {
            lock.unlock();
        }
        return new ServiceStatus(isStarted, online, since, connectionAttempts, lastError, queued, futures.size(), url);
    }

    /** The current phase, for tests and diagnostics. */
    Phase phase() {
        return withLock(() -> phase);
    }

    /**
     * Tells whether the service is started (connected or trying to connect).
     *
     * @return true between start and stop
     */
    public boolean isStarted() {
        lock.lock();
        try {
            return phase != Phase.STOPPED;
        } finally {
            lock.unlock();
        }
    }

    private Client directClient() {
        lock.lock();
        try {
            return current != null && queue.isEmpty() ? current : null;
        } finally {
            lock.unlock();
        }
    }

    /** Sends or queues a subscribe or unsubscribe; false when it could not be queued and its future was canceled. */
    private boolean dispatchOrQueue(Command command) {
        Client direct = directClient();
        if (direct != null) {
            IdentifiedPacket packet;
            // Recorded as unacknowledged before it is sent: the connection can end meanwhile, and going offline
            // (goOffline, under the lock) must find the command to repeat it on the next connection. The client
            // is no longer connected by then, so a command tracked after that is queued instead.
            lock.lock();
            try {
                packet = command.kind == Command.Kind.SUBSCRIBE
                        ? direct.trackSubscribe(command.subscribeFuture())
                        : direct.trackUnsubscribe(command.topicFilters, command.ack());
                if (packet != null) {
                    queue.sent(command);
                }
            } finally {
                lock.unlock();
            }
            if (packet != null) {
                direct.sendTracked(packet, command.future);
                return true;
            }
        }
        return enqueue(command);
    }

    /** Undoes a registry change whose command never got queued; see {@link SubscriptionRegistry#restore}. */
    private void restore(Map<String, Subscription> previous, Predicate<Subscription> leftByThisChange) {
        withLock(() -> {
            subscriptions.restore(previous, leftByThisChange);
            return null;
        });
    }

    private boolean enqueue(Command command) {
        lock.lock();
        try {
            long remaining = queueTimeout.toNanos();
            while (queue.isFull()) {
                if (remaining <= 0) {
                    events.queueFull();
                    fail(command.future, new QueueFullException(queue.capacity(), queueTimeout));
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (command.kind == Command.Kind.PUBLISH && command.message.qos() > 0 && command.stored == null) {
                Publish stored = new Publish(command.message, false, session.nextId());
                session.savePacket(Direction.OUTGOING, stored);
                command.stored = stored;
            }
            queue.addLast(command);
            changed.signalAll();
            if (parked != null) {
                // Queued after the supervisor found the queue empty and ended: a successor drains it.
                startSupervisor(parked);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(command.future, new MqttClientException("interrupted while waiting for room in the service queue", e));
        } catch (IOException e) {
            fail(command.future, new MqttClientException("session store failed: " + e.getMessage(), e));
        } finally {
            lock.unlock();
        }
        return false;
    }

    /** Cancels {@code future} with {@code reason} and reports it. */
    void fail(MqttFuture<?> future, MqttClientException reason) {
        future.cancel(reason);
        reportError(reason);
    }

    /** Runs {@code action} with the service's lock held and returns its result. */
    <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Changes the phase, with the lock held; a stop in progress is never overridden. */
    void moveTo(Phase next) {
        withLock(() -> {
            if (phase != Phase.STOPPING && phase != Phase.STOPPED) {
                phase = next;
            }
            return null;
        });
    }

    /** Starts a supervisor thread, with the lock held; {@code resumed} is the client a previous one left serving. */
    private void startSupervisor(Client resumed) {
        assert lock.isHeldByCurrentThread() : "startSupervisor needs the service's lock";
        parked = null;
        Supervisor run = supervisor;
        supervisorThread = new CallbackThread(this, () -> run.run(resumed), supervisorThreadName());
        supervisorThread.start();
    }

    /** Named when needed rather than kept: an idle service has no supervisor thread. */
    private String supervisorThreadName() {
        String clientId = config.clientId();
        String name = clientId.isEmpty() ? "service-" + Integer.toHexString(System.identityHashCode(this)) : clientId;
        return "mqtt-" + name + "-service";
    }

    /**
     * Ends the supervisor thread's work, with the lock held: {@code client} is online and idle, and serves
     * callers directly until it is lost or the service stops ({@link #resumeIfParked}).
     */
    void park(Client client) {
        assert lock.isHeldByCurrentThread() : "park needs the service's lock";
        parked = client;
        supervisorThread = null;
        phase = Phase.ONLINE;
    }

    /** Starts a supervisor thread for {@code client} if it was parked, with the lock held: it was lost. */
    void resumeIfParked(Client client) {
        assert lock.isHeldByCurrentThread() : "resumeIfParked needs the service's lock";
        if (parked == client) {
            startSupervisor(client);
        }
    }

    Duration minReconnectDelay() {
        return minReconnectDelay;
    }

    Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    Duration disconnectTimeout() {
        return disconnectTimeout;
    }

    Duration resubscribeTimeout() {
        return resubscribeTimeout;
    }

    /** Hands a message of the connection to the message callback, on the connection's reader thread. */
    void deliver(Message message) throws Exception {
        MessageCallback callback = messageCallback;
        if (callback != null) {
            callback.message(message);
        }
    }

    /** Remembers the error for {@link #status()} and tells the error callback or the log. */
    void reportError(Throwable error) {
        lastError = error;
        ErrorCallback callback = errorCallback;
        if (callback == null) {
            log.warn("Error: " + error);
        } else {
            log.debug("Error: " + error);
        }
        if (callback != null) {
            try {
                callback.error(error);
            } catch (RuntimeException ignored) {
                // An error handler that fails has nowhere left to report to.
            }
        }
    }

}
