package dev.mqttj.client;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Pingreq;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Pubrel;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.packet.Unsubscribe;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import dev.mqttj.transport.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;

/**
 * Connects to a broker and exchanges packets with it: the Java port of gomqtt's {@code client.Client}.
 *
 * <p>A client connects once. It sends PINGREQ to keep the connection alive, stores outgoing QoS 1
 * and 2 packets in its {@link Session} until they are acknowledged, and resends them after CONNACK
 * when the session is resumed. Every operation returns a future that completes on the broker's
 * acknowledgement; when the connection ends, futures still waiting are canceled.
 *
 * <p>Unlike gomqtt, at most {@link Config#maxInflight()} QoS 1 and 2 publishes await their PUBACK
 * or PUBCOMP at once (20 by default, Mosquitto's limit, beyond which it acknowledges and drops
 * messages). A publish beyond the limit is still stored at once and returns its future without
 * blocking; its PUBLISH is written, in order, when an acknowledgement frees a place.
 *
 * <p>Threads: {@code mqtt-<clientId>-reader} reads packets and runs the {@link Callback};
 * {@code mqtt-<clientId>-writer} writes and ends after a second without data (the next packet
 * starts it again); one timer thread shared by all clients checks keep-alive.
 * All are daemon threads and end with the connection. Every public method is thread-safe.
 *
 * <p>Where gomqtt has known defects this client does the right thing instead: a refused
 * subscription with validate-subs closes the connection; a PUBREL with an unknown id is still
 * answered with PUBCOMP; {@link #close()} is idempotent and never throws; awaiting a future on the
 * callback thread fails fast instead of deadlocking.
 */
public final class Client implements AutoCloseable, MqttOperations {

    /**
     * The life of a client, in order; it only moves forward, except that a failed dial returns to
     * INITIALIZED (as in gomqtt). Written under {@link #lifecycle} or by the reader; read anywhere.
     */
    private enum State {
        INITIALIZED, DIALING, CONNECTING, CONNACKED, CONNECTED, DISCONNECTING, DISCONNECTED;

        /** Whether the client is closing or closed: nothing new may start. */
        boolean isEnding() {
            return compareTo(DISCONNECTING) >= 0;
        }
    }

    private final Object lifecycle = new Object();
    private final AtomicBoolean died = new AtomicBoolean();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile State state = State.INITIALIZED;

    private Session session = new MemorySession();
    private Callback callback;
    private MessageHandler messageHandler;
    private IncomingFlow incoming;
    private Log log = new Log(null);
    private ClientEventListener events = ClientEventListener.NONE;
    /** Whether a listener takes acknowledgement latencies: only then is the clock read per publish. */
    private boolean timesAcknowledgements;
    private FutureStore futures = new FutureStore();
    private Object owner = this;
    private Mode mode = Mode.STANDALONE;

    private Config config;
    private Connection connection;
    private KeepAlive keepAlive;
    private InflightWindow window;
    private MqttFuture.Connect connectFuture;
    private CallbackThread reader;
    private volatile ScheduledFuture<?> pinger;
    private volatile ScheduledFuture<?> connackGuard;
    /** Why another thread ended the client; the reader reports it in place of the read error. */
    private volatile Throwable deferredFailure;
    private boolean clean;

    /**
     * How a client takes part in the life of whoever created it: on its own ({@link #STANDALONE}), or as one
     * connection of a {@link Service}, which carries the session and the futures over to its next connection.
     */
    interface Mode {
        /** A client used directly: its session and futures end with it. */
        Mode STANDALONE = new Mode() {
            @Override
            public void resendStored(Client client) throws IOException {
                for (IdentifiedPacket packet : client.session.allPackets(Direction.OUTGOING)) {
                    client.resend(packet);
                }
            }

            @Override
            public boolean ownsSessionAndFutures() {
                return true;
            }
        };

        /** Called once when the client stops, for whatever reason. */
        default void died(Client client, Throwable error) {
        }

        /** Resends the stored outgoing packets after CONNACK. */
        void resendStored(Client client) throws IOException;

        /**
         * Whether the session and futures end with the client: a clean session is reset and futures still
         * pending are canceled. A service keeps both for its next connection, where a clean session only drops
         * incoming QoS 2 state and outgoing messages in flight are sent again.
         */
        boolean ownsSessionAndFutures();
    }

    /**
     * Creates a client with a fresh {@link MemorySession}, no callback and no logger.
     */
    public Client() {
    }

    /**
     * Sets the session that stores unacknowledged packets. Call before {@link #connect(Config)}.
     *
     * @param session the session
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if the client already connected
     */
    public void setSession(Session session) {
        if (session == null) {
            throw new IllegalArgumentException("session must not be null");
        }
        checkConfigurable("session");
        this.session = session;
    }

    /**
     * Returns the session that stores unacknowledged packets.
     *
     * @return the session
     */
    public Session getSession() {
        return session;
    }

    /**
     * Sets the callback for received messages and the fatal error. Call before {@link #connect(Config)}.
     *
     * @param callback the callback, or null to drop messages
     * @throws IllegalStateException if the client already connected
     */
    public void setCallback(Callback callback) {
        checkConfigurable("callback");
        this.callback = callback;
    }

    /**
     * Sets the handler for received messages, which sees each message's DUP flag and packet id and may
     * defer its acknowledgement ({@link ReceivedMessage#deferAcknowledgement()}). When set, it receives
     * the messages instead of the {@link Callback}, which still receives the client's fatal error. Call
     * before {@link #connect(Config)}.
     *
     * @param handler the handler, or null to hand messages to the callback
     * @throws IllegalStateException if the client already connected
     */
    public void setMessageHandler(MessageHandler handler) {
        checkConfigurable("messageHandler");
        this.messageHandler = handler;
    }

    /**
     * Sets the logger for packet-level activity. Without one, lines go to the JDK's
     * {@link System.Logger} named {@code dev.mqttj} (packets at TRACE, failures at WARNING). Passwords
     * never appear in these lines. Call before {@link #connect(Config)}.
     *
     * @param logger the logger, or null for the JDK's
     * @throws IllegalStateException if the client already connected
     */
    public void setLogger(Logger logger) {
        checkConfigurable("logger");
        this.log = new Log(logger);
    }

    /**
     * Sets the listener for structured events (connection changes, acknowledgements with their
     * latency, received messages), for metrics and health checks. Call before {@link #connect(Config)}.
     *
     * @param listener the listener, or null for none
     * @throws IllegalStateException if the client already connected
     */
    public void setEventListener(ClientEventListener listener) {
        checkConfigurable("eventListener");
        this.events = listener == null ? ClientEventListener.NONE : EventListeners.of(List.of(listener));
        this.timesAcknowledgements = EventListeners.timesAcknowledgements(this.events);
    }

    private void checkConfigurable(String what) {
        if (state != State.INITIALIZED) {
            throw new IllegalStateException(what + " must be set before connect");
        }
    }

    /**
     * Lets a service share its future store and owner identity and take over resending. The session
     * then outlives the client: it is not reset when the client ends, and a clean session only drops
     * incoming QoS 2 state, so outgoing messages in flight are sent again on the next connection.
     */
    void attachTo(Object serviceOwner, FutureStore sharedFutures, Mode serviceMode) {
        this.owner = serviceOwner;
        this.futures = sharedFutures;
        this.mode = serviceMode;
    }

    /**
     * Opens the connection and sends CONNECT. The returned future completes with the broker's
     * {@link ConnectResult} when it accepts the connection, and is canceled when it refuses (the failure
     * is a {@link ClientConnectionDeniedException} with the return code), when no CONNACK arrived within
     * {@link Config#connectTimeout()} ({@link ConnectTimeoutException}), or when dialing or the
     * connection failed first ({@link ConnectionLostException} with the I/O error as cause). Dialing runs
     * on the calling thread, within the connect timeout.
     *
     * <p>A client connects once: after a connection ended, create a new {@code Client} (or use a
     * {@link Service}, which reconnects by itself). Only a dial that failed leaves the client usable for
     * another attempt, as in gomqtt.
     *
     * @param config how to connect
     * @return the connect future
     * @throws NullPointerException if {@code config} is null
     * @throws ClientAlreadyConnectingException if this client already connected once
     * @throws ClientMissingIdException if {@code cleanSession} is false and the client id is empty
     * @throws IllegalArgumentException if the config's CONNECT fields are invalid
     */
    public ConnectFuture connect(Config config) {
        Objects.requireNonNull(config, "config");
        Connect connect;
        synchronized (lifecycle) {
            if (state != State.INITIALIZED) {
                throw new ClientAlreadyConnectingException();
            }
            if (!config.cleanSession() && config.clientId().isEmpty()) {
                throw new ClientMissingIdException();
            }
            connect = connectPacket(config);
            state = State.DIALING;
        }
        long started = System.nanoTime();
        events.connecting(config.parsedUrl().toString());
        // Dialing without the lock, so that close() stays immediate while a slow dial runs.
        Connection conn;
        try {
            conn = config.dialer().dial(config.brokerUrl(), config.connectTimeout());
        } catch (IOException | RuntimeException | Error e) {
            synchronized (lifecycle) {
                if (state == State.DIALING) {
                    state = State.INITIALIZED; // as in gomqtt, a failed dial leaves the client usable
                }
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            // A TLS failure says so: its JDK message alone ("PKIX path building failed") hides what failed.
            String failed = e instanceof SSLException ? "TLS handshake with " + config.parsedUrl()
                    + " failed" : "could not connect to " + config.parsedUrl();
            return failedConnect(config, isTimeout(e)
                    ? new ConnectTimeoutException(config.parsedUrl().toString(), (IOException) e)
                    : new ConnectionLostException(failed, e));
        }
        synchronized (lifecycle) {
            if (state != State.DIALING) {
                conn.close();
                return failedConnect(config, new ClientNotConnectedException("client closed while connecting to "
                        + config.parsedUrl()));
            }
            this.config = config;
            this.connection = conn;
            conn.setName(threadName());
            conn.setReadLimit(config.readLimit());
            conn.setMaxWriteDelay(config.maxWriteDelay());
            this.keepAlive = new KeepAlive(config.keepAlive().toNanos());
            this.window = new InflightWindow(config.maxInflight(), this::send);
            this.incoming = new IncomingFlow(session, new FlowPort(), config.alwaysAnnounceOnPublish(),
                    config.maxPendingAcknowledgements(), callback, messageHandler);
            this.clean = config.cleanSession();
            // A service waits for CONNACK on its supervisor thread, which is safe: the reader completes it.
            this.connectFuture = new MqttFuture.Connect(mode.ownsSessionAndFutures() ? owner : null);
            state = State.CONNECTING;
            try {
                if (clean) {
                    resetSession();
                }
                send(connect);
            } catch (IOException e) {
                terminate(e, Ending.REQUESTED);
                return connectFuture;
            }
            reader = new CallbackThread(owner, this::readLoop, "mqtt-" + threadName() + "-reader");
            reader.start();
            long remaining = Math.max(1, config.connectTimeout().toNanos() - (System.nanoTime() - started));
            connackGuard = Timers.schedule(this::checkConnack, remaining);
            if (keepAlive.intervalNanos() > 0) {
                pinger = Timers.schedule(this::checkKeepAlive, keepAlive.intervalNanos());
            }
            return connectFuture;
        }
    }

    private static boolean isTimeout(Throwable dialFailure) {
        return dialFailure instanceof java.net.SocketTimeoutException
                || dialFailure instanceof java.net.http.HttpTimeoutException;
    }

    private ConnectFuture failedConnect(Config config, MqttClientException failure) {
        MqttFuture.Connect failed = new MqttFuture.Connect(owner);
        failed.cancel(failure);
        events.connectFailed(config.parsedUrl().toString(), failure);
        if (mode == Mode.STANDALONE) {
            log.warn("Connect failed: " + failure.getMessage());
        } else {
            // The service reports the same failure to its error callback or its log: one line per attempt.
            log.debug("Connect failed: " + failure.getMessage());
        }
        return failed;
    }

    /** Runs on the shared timer when the connect timeout passed; the reader reports the failure. */
    private void checkConnack() {
        synchronized (lifecycle) {
            if (state == State.CONNECTING) {
                failOnReader(new ConnectTimeoutException(config.parsedUrl().toString(), config.connectTimeout()));
            }
        }
    }

    private static Connect connectPacket(Config config) {
        String password = config.password();
        // Rounded up, unlike gomqtt: the client pings only after the full interval, so announcing less
        // would break the promise a broker enforces (MQTT 3.1.1 section 3.1.2.10).
        long keepAliveSeconds = (config.keepAlive().toNanos() + 999_999_999L) / 1_000_000_000L;
        return new Connect(config.protocolVersion(), config.clientId(),
                (int) Math.min(65535, keepAliveSeconds), config.cleanSession(), config.willMessage(),
                config.username(), password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    private String threadName() {
        String id = config == null ? "" : config.clientId();
        return id.isEmpty() ? "client-" + Integer.toHexString(System.identityHashCode(this)) : id;
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
     * @throws ClientNotConnectedException if the client is not connected
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public GenericFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return publishMessage(new Message(topic, payload, qos, retain));
    }

    /**
     * Publishes a message. QoS 0 completes once the packet is queued for writing, QoS 1 on PUBACK and
     * QoS 2 on PUBCOMP. QoS 1 and 2 messages are stored in the session until acknowledged.
     * When {@link Config#maxInflight()} publishes are already in flight, the PUBLISH waits (in order,
     * without blocking the caller) until an acknowledgement frees a place.
     *
     * @param message the message
     * @return a future that completes when the QoS flow is done
     * @throws ClientNotConnectedException if the client is not connected
     * @throws MqttClientException if the session store failed; the client is then closed
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public GenericFuture<Void> publishMessage(Message message) {
        Objects.requireNonNull(message, "message");
        if (message.qos() == 0) {
            checkConnected();
            sendOrThrow(new Publish(message, false, 0));
            events.published(0);
            return MqttFuture.COMPLETED_PUBLISH;
        }
        return publishTracked(message, MqttFuture.publish(owner));
    }

    /**
     * Publishes a message and calls {@code whenDone} with the outcome, registered before the message is handed
     * over; see {@link MqttOperations#publishMessage(Message, BiConsumer)}. A QoS 0 message is done once queued
     * for writing, so the action runs on the calling thread before this method returns.
     *
     * @param message the message
     * @param whenDone called once the QoS flow is done, with {@code (null, null)} or the failure
     * @return a future that completes when the QoS flow is done
     * @throws NullPointerException if an argument is null
     * @throws ClientNotConnectedException if the client is not connected
     * @throws MqttClientException if the session store failed; the client is then closed
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public GenericFuture<Void> publishMessage(Message message,
            BiConsumer<? super Void, ? super MqttClientException> whenDone) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(whenDone, "whenDone");
        if (message.qos() == 0) {
            GenericFuture<Void> done = publishMessage(message);
            try {
                whenDone.accept(null, null);
            } catch (RuntimeException ignored) {
                // As for an action run by the future: the caller's publish succeeded all the same.
            }
            return done;
        }
        MqttFuture.Ack future = MqttFuture.publish(owner);
        future.presetAction(whenDone);
        return publishTracked(message, future);
    }

    /** Publishes a QoS 1 or 2 message with this client's own future for it. */
    private GenericFuture<Void> publishTracked(Message message, MqttFuture.Ack future) {
        if (timesAcknowledgements) {
            future.issuedNanos = System.nanoTime();
        }
        publishMessage(message, future);
        events.published(message.qos());
        return future;
    }

    /** Publishes with a future supplied by a service, so the future can outlive this client. */
    void publishMessage(Message message, MqttFuture.Ack future) {
        checkConnected();
        if (message.qos() == 0) {
            sendOrThrow(new Publish(message, false, 0));
            future.complete();
            return;
        }
        int id = session.nextId();
        Publish publish = new Publish(message, false, id);
        track(id, future);
        try {
            session.savePacket(Direction.OUTGOING, publish);
        } catch (IOException e) {
            futures.remove(id, future);
            throw storeFailed(e);
        }
        try {
            sendLimited(publish);
        } catch (IOException e) {
            throw sendFailed(publish, e);
        }
        if (state != State.CONNECTED && mode.ownsSessionAndFutures() && futures.remove(id, future)) {
            // Stopped after the check above, perhaps before the futures were cleared: a publish that
            // only got queued would otherwise return a future nothing completes or cancels.
            future.cancel(new ClientNotConnectedException());
        }
    }

    /**
     * Subscribes to one topic filter; see {@link #subscribeMultiple(List)}.
     *
     * @param topicFilter the filter, e.g. {@code sensors/+/temp}
     * @param qos the maximum QoS to receive, 0..2
     * @return a future that completes with the granted QoS on SUBACK
     * @throws IllegalArgumentException if the filter or QoS is invalid
     * @throws ClientNotConnectedException if the client is not connected
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public SubscribeFuture subscribe(String topicFilter, int qos) {
        return subscribeMultiple(List.of(new Subscription(topicFilter, qos)));
    }

    /**
     * Subscribes to several topic filters with one SUBSCRIBE packet.
     *
     * @param subscriptions at least one subscription
     * @return a future that completes with the granted QoS per filter on SUBACK; with validate-subs
     *     on, a refused filter cancels it and closes the client
     * @throws IllegalArgumentException if the list is empty
     * @throws ClientNotConnectedException if the client is not connected
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public SubscribeFuture subscribeMultiple(List<Subscription> subscriptions) {
        MqttFuture.Subscribe future = new MqttFuture.Subscribe(owner, List.copyOf(subscriptions));
        subscribeMultiple(future);
        return future;
    }

    void subscribeMultiple(MqttFuture.Subscribe future) {
        checkConnected();
        Subscribe subscribe = new Subscribe(session.nextId(), future.subscriptions());
        track(subscribe.id(), future);
        sendOrThrow(subscribe);
    }

    /**
     * Unsubscribes from one topic filter; see {@link #unsubscribeMultiple(List)}.
     *
     * @param topicFilter the filter
     * @return a future that completes on UNSUBACK
     * @throws IllegalArgumentException if the filter is invalid
     * @throws ClientNotConnectedException if the client is not connected
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public GenericFuture<Void> unsubscribe(String topicFilter) {
        return unsubscribeMultiple(List.of(topicFilter));
    }

    /**
     * Unsubscribes from several topic filters with one UNSUBSCRIBE packet.
     *
     * @param topicFilters at least one filter
     * @return a future that completes on UNSUBACK
     * @throws IllegalArgumentException if the list is empty or a filter invalid
     * @throws ClientNotConnectedException if the client is not connected
     * @throws IllegalStateException if all 65,535 packet ids are taken by packets still in flight
     */
    @Override
    public GenericFuture<Void> unsubscribeMultiple(List<String> topicFilters) {
        MqttFuture.Ack future = MqttFuture.unsubscribe(owner);
        unsubscribeMultiple(topicFilters, future);
        return future;
    }

    void unsubscribeMultiple(List<String> topicFilters, MqttFuture.Ack future) {
        checkConnected();
        Unsubscribe unsubscribe = new Unsubscribe(session.nextId(), topicFilters);
        track(unsubscribe.id(), future);
        sendOrThrow(unsubscribe);
    }

    /**
     * Sends DISCONNECT and closes the connection without waiting for acknowledgements in flight.
     *
     * @throws ClientNotConnectedException if the client is not connected
     * @throws ConnectionLostException if DISCONNECT could not be written; the connection is closed anyway
     */
    public void disconnect() {
        disconnect(Duration.ZERO);
    }

    /**
     * Waits up to {@code timeout} for the futures in flight to complete, then sends DISCONNECT and
     * closes the connection. Futures still pending afterwards are canceled. Writing DISCONNECT
     * waits at most one keep-alive interval (30 s without keep-alive) for a broker that stopped
     * reading.
     *
     * @param timeout how long to wait for acknowledgements; zero does not wait
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws ClientNotConnectedException if the client is not connected, or stopped while waiting
     * @throws ConnectionLostException if DISCONNECT could not be written in that time; the connection
     *     is closed anyway
     * @throws IllegalStateException if called with a positive timeout on the callback thread, which
     *     is the thread that would deliver the acknowledgements
     */
    public void disconnect(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero (do not wait) or positive but was " + timeout);
        }
        IOException failure = null;
        boolean wait = !timeout.isZero();
        if (wait) {
            synchronized (lifecycle) {
                if (state != State.CONNECTED) {
                    throw new ClientNotConnectedException();
                }
                if (Thread.currentThread() == reader) {
                    throw new IllegalStateException("disconnect with a timeout called on the callback thread "
                            + reader.getName() + ": it would wait for acknowledgements only this thread can read");
                }
            }
            // Waiting without the lock, so that close() stays immediate meanwhile.
            try {
                futures.awaitEmpty(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (state != State.CONNECTED) {
                // Stopped meanwhile: let the reader finish reporting before telling the caller.
                joinReader();
                throw new ClientNotConnectedException();
            }
        }
        synchronized (lifecycle) {
            if (state != State.CONNECTED) {
                throw new ClientNotConnectedException();
            }
            state = State.DISCONNECTING;
            // A broker that stopped reading would block the flush for good, and with it close():
            // give it the patience keep-alive would, then drop the connection.
            long patience = keepAlive.intervalNanos() > 0 ? keepAlive.intervalNanos()
                    : Config.DEFAULT_KEEP_ALIVE.toNanos();
            Connection conn = connection;
            ScheduledFuture<?> guard = Timers.schedule(conn::close, patience);
            try {
                send(Disconnect.INSTANCE);
                conn.flush();
            } catch (IOException e) {
                failure = e;
            } finally {
                guard.cancel(false);
            }
            terminate(failure, Ending.REQUESTED);
        }
        joinReader();
        if (failure != null) {
            throw new ConnectionLostException("could not send DISCONNECT to " + config.parsedUrl(), failure);
        }
    }

    /**
     * Closes the connection at once, without DISCONNECT (so the broker publishes the will) and
     * without waiting for acknowledgements; futures in flight are canceled. Idempotent: closing a
     * client that never connected or already closed does nothing (gomqtt returns an error there;
     * {@link AutoCloseable} users expect a quiet close).
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (state == State.INITIALIZED || state == State.DIALING) {
                state = State.DISCONNECTED;
                died.set(true);
                return;
            }
            if (!state.isEnding()) {
                state = State.DISCONNECTING;
            }
            terminate(null, Ending.REQUESTED);
        }
        joinReader();
    }

    /**
     * How a client ends. Every ending goes through {@link #terminate}; only a failure is reported to the
     * event listener, the log and the callback, because the user who asked for the end already knows.
     */
    private enum Ending {
        /** The user closed or disconnected, or the connect packet could not be sent. */
        REQUESTED,
        /** The connection failed (read error, protocol violation, refusal, keep-alive). */
        FAILED,
        /** As {@link #FAILED}, detected inside the callback, which must not be called again. */
        FAILED_IN_CALLBACK
    }

    /**
     * The one way a client ends: releases its resources (each time asked, idempotently, so a connection
     * that a late dial returned is still closed) and, the first time only, reports a failure and tells the
     * {@link Mode}. Requests from threads other than the reader go through {@link #failOnReader} instead.
     */
    private void terminate(Throwable error, Ending ending) {
        boolean first = died.compareAndSet(false, true);
        boolean wasAccepted = connectFuture != null && connectFuture.isDone() && !connectFuture.isCancelled();
        release(error != null ? error : new ClientNotConnectedException());
        if (!first) {
            return;
        }
        if (ending != Ending.REQUESTED) {
            MqttClientException failure = ConnectionLostException.of("connection lost", error);
            if (wasAccepted) {
                events.connectionLost(failure);
            } else {
                events.connectFailed(config.parsedUrl().toString(), failure);
            }
            log.warn("Connection to " + (config == null ? "broker" : config.parsedUrl()) + " ended: " + error);
            if (callback != null && ending == Ending.FAILED) {
                try {
                    callback.handle(null, error);
                } catch (Exception ignored) {
                    // The client is already dead; there is nothing left that the callback's error could stop.
                }
            }
        }
        mode.died(this, error);
    }

    /** Waits for the reader to finish, so no thread outlives close; never from the reader itself. */
    private void joinReader() {
        Thread current = Thread.currentThread();
        if (reader != null && current != reader) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                current.interrupt();
            }
        }
    }

    /** Stops timers and flows, closes the connection and settles the session and futures; once. */
    private void release(Throwable reason) {
        state = State.DISCONNECTED;
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        if (connectFuture != null) {
            connectFuture.cancel(reason);
        }
        cancelTimer(pinger);
        cancelTimer(connackGuard);
        if (incoming != null) {
            incoming.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (clean && mode.ownsSessionAndFutures()) {
            try {
                session.reset();
            } catch (IOException e) {
                log.warn("Session reset failed: " + e);
            }
        }
        futures.clear(reason);
    }

    private static void cancelTimer(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void readLoop() {
        boolean first = true;
        try {
            while (true) {
                Packet packet;
                keepAlive.readerWaiting(true);
                try {
                    packet = connection.receive();
                } catch (IOException e) {
                    if (deferredFailure == null && state.isEnding()) {
                        return;
                    }
                    readerDies(e);
                    return;
                }
                keepAlive.readerWaiting(false);
                if (log.tracing()) {
                    log.trace("Received: " + packet);
                }
                if (first) {
                    first = false;
                    if (!(packet instanceof Connack)) {
                        terminate(new ClientExpectedConnackException(packet.type()), Ending.FAILED);
                        return;
                    }
                    if (!processConnack((Connack) packet)) {
                        return;
                    }
                    continue;
                }
                if (!dispatch(packet)) {
                    // Usually the connection already died with its reason; when another thread ended it (a refused
                    // deferred acknowledgement, keep-alive while the reader waited), this reports it.
                    readerDies(new ClientNotConnectedException("connection closed while handling " + packet.type()));
                    return;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            readerDies(e);
        }
    }

    /** The reader's end: another thread's reason for ending it, when there is one, wins over the read error. */
    private void readerDies(Throwable error) {
        Throwable deferred = deferredFailure;
        terminate(deferred != null ? deferred : error, Ending.FAILED);
    }

    /** Handles one packet after CONNACK; returns false when the client died. */
    private boolean dispatch(Packet packet) throws IOException {
        switch (packet.type()) {
            case PUBLISH:
                return processPublish((Publish) packet);
            case PUBACK:
                return processPubackOrPubcomp(PacketType.PUBACK, ((Puback) packet).id());
            case PUBCOMP:
                return processPubackOrPubcomp(PacketType.PUBCOMP, ((Pubcomp) packet).id());
            case PUBREC:
                return processPubrec(((Pubrec) packet).id());
            case PUBREL:
                return processPubrel(((Pubrel) packet).id());
            case SUBACK:
                return processSuback((Suback) packet);
            case UNSUBACK:
                return processAck(PacketType.UNSUBACK, ((IdentifiedPacket) packet).id(), MqttFuture.Kind.UNSUBSCRIBE);
            case CONNACK:
                return violation("a second CONNACK; the broker sends exactly one, first (MQTT 3.1.1 section 3.2)");
            case PINGRESP:
                keepAlive.ponged();
                return true;
            default:
                // A broker has no business sending CONNECT, SUBSCRIBE and the like; gomqtt ignores them.
                return true;
        }
    }

    private boolean processConnack(Connack connack) throws IOException {
        cancelTimer(connackGuard);
        synchronized (lifecycle) {
            // Closed or timed out after the CONNACK was read: the close or the timeout wins.
            if (state != State.CONNECTING) {
                return true;
            }
            state = State.CONNACKED;
        }
        ConnectResult answer = connectFuture.connack(connack.sessionPresent(), connack.returnCode());
        if (connack.returnCode() != ConnackCode.ACCEPTED) {
            ClientConnectionDeniedException denied = new ClientConnectionDeniedException(connack.returnCode());
            connectFuture.cancel(denied);
            terminate(denied, Ending.FAILED);
            return false;
        }
        synchronized (lifecycle) {
            if (state != State.CONNACKED) {
                return true;
            }
            state = State.CONNECTED;
        }
        mode.resendStored(this);
        connectFuture.complete(answer);
        events.connected(config.parsedUrl().toString(), answer.sessionPresent());
        return true;
    }

    private boolean processPublish(Publish publish) throws IOException {
        events.messageReceived(publish.message().qos());
        return incoming.publish(publish);
    }

    private boolean processPubrel(int id) throws IOException {
        return incoming.pubrel(id);
    }

    private boolean processPubrec(int id) throws IOException {
        IdentifiedPacket stored = session.lookupPacket(Direction.OUTGOING, id);
        if (stored instanceof Publish && ((Publish) stored).message().qos() != 2) {
            return violation("PUBREC for packet id " + id + ", which is " + describe(stored)
                    + "; only a QoS 2 PUBLISH takes PUBREC (MQTT 3.1.1 section 4.3.3)");
        }
        Pubrel pubrel = new Pubrel(id);
        session.savePacket(Direction.OUTGOING, pubrel);
        send(pubrel);
        return true;
    }

    private boolean processPubackOrPubcomp(PacketType type, int id) throws IOException {
        IdentifiedPacket stored = session.lookupPacket(Direction.OUTGOING, id);
        if (stored != null && !acknowledges(type, stored)) {
            return violation(type + " for packet id " + id + ", which is " + describe(stored)
                    + "; a QoS 1 PUBLISH takes PUBACK, a PUBREL takes PUBCOMP (MQTT 3.1.1 section 4.3)");
        }
        session.deletePacket(Direction.OUTGOING, id);
        window.release(id);
        return processAck(type, id, MqttFuture.Kind.PUBLISH);
    }

    private static boolean acknowledges(PacketType type, IdentifiedPacket stored) {
        if (type == PacketType.PUBACK) {
            return stored instanceof Publish && ((Publish) stored).message().qos() == 1;
        }
        return stored instanceof Pubrel;
    }

    private static String describe(IdentifiedPacket stored) {
        return stored instanceof Publish ? "a QoS " + ((Publish) stored).message().qos() + " PUBLISH" : "a " + stored.type();
    }

    private boolean processAck(PacketType type, int id, MqttFuture.Kind kind) {
        MqttFuture<?> future = futures.get(id);
        if (future == null) {
            return true; // A late or repeated acknowledgement of something already completed.
        }
        if (future.kind != kind) {
            return violation(type + " for packet id " + id + ", which belongs to a pending " + future.kind);
        }
        if (futures.remove(id, future)) {
            ((MqttFuture.Ack) future).complete();
            if (future.issuedNanos != 0) {
                events.publishAcknowledged(type == PacketType.PUBACK ? 1 : 2, System.nanoTime() - future.issuedNanos);
            }
        }
        return true;
    }

    private boolean processSuback(Suback suback) {
        MqttFuture<?> tracked = futures.get(suback.id());
        if (tracked == null) {
            return true;
        }
        if (tracked.kind != MqttFuture.Kind.SUBSCRIBE) {
            return violation("SUBACK for packet id " + suback.id() + ", which belongs to a pending " + tracked.kind);
        }
        MqttFuture.Subscribe future = (MqttFuture.Subscribe) tracked;
        int requested = future.subscriptions().size();
        if (suback.returnCodes().size() != requested) {
            return violation("SUBACK for packet id " + suback.id() + " has " + suback.returnCodes().size()
                    + " return codes for " + requested + (requested == 1 ? " subscription" : " subscriptions")
                    + " (MQTT 3.1.1 section 3.9.3: one per topic filter, in order)");
        }
        if (!futures.remove(suback.id(), future)) {
            return true;
        }
        SubscribeResult result = future.returnCodes(suback.returnCodes());
        if (!result.allGranted()) {
            FailedSubscriptionException failed = new FailedSubscriptionException(future.topicFilters(), suback.returnCodes());
            events.subscriptionFailed(refusedFilters(result), failed);
            if (config.validateSubs()) {
                future.cancel(failed);
                terminate(failed, Ending.FAILED);
                return false;
            }
        }
        future.complete(result);
        return true;
    }

    private static List<String> refusedFilters(SubscribeResult result) {
        List<String> filters = new ArrayList<>();
        for (Subscription refused : result.refused()) {
            filters.add(refused.topicFilter());
        }
        return filters;
    }

    /** Closes the connection on a packet the protocol forbids; the session keeps its stored packets. */
    private boolean violation(String what) {
        terminate(new ProtocolViolationException(what), Ending.FAILED);
        return false;
    }

    private void resetSession() throws IOException {
        if (mode.ownsSessionAndFutures()) {
            session.reset();
            return;
        }
        for (IdentifiedPacket packet : session.allPackets(Direction.INCOMING)) {
            session.deletePacket(Direction.INCOMING, packet.id());
        }
    }

    /**
     * Sends a stored packet again after reconnecting; a PUBLISH goes out with DUP set. PUBLISH and
     * PUBREL take a place in the in-flight window and may wait for one.
     */
    void resend(IdentifiedPacket packet) throws IOException {
        if (packet instanceof Publish) {
            Publish publish = (Publish) packet;
            sendLimited(new Publish(publish.message(), true, publish.id()));
        } else if (packet instanceof Pubrel) {
            sendLimited(packet);
        } else {
            send(packet);
        }
    }

    /**
     * Publishes for a service. Returns false when the client is not connected and nothing was done,
     * so the service can queue the command for the next connection. Once a QoS 1 or 2 message is
     * stored the method returns true even if the write fails: the message is resent on reconnect.
     */
    boolean offer(Message message, MqttFuture.Ack future) throws IOException {
        if (state != State.CONNECTED) {
            return false;
        }
        if (message.qos() == 0) {
            if (!trySend(new Publish(message, false, 0))) {
                return false;
            }
            future.complete();
            return true;
        }
        int id = session.nextId();
        Publish publish = new Publish(message, false, id);
        session.savePacket(Direction.OUTGOING, publish);
        return offerStored(publish, future);
    }

    /** Sends a publish the service already stored in the session with its packet id. */
    boolean offerStored(Publish publish, MqttFuture.Ack future) {
        if (tryTrack(publish.id(), future)) {
            sendStored(publish);
        }
        return true;
    }

    /**
     * Stores a QoS 1 or 2 message for a service and tracks its future under the new packet id, without
     * sending it; null when the client is not connected and nothing was done. A service calls this from
     * a publisher's thread with its lock held and {@link #sendStored} after releasing it: the lock keeps
     * a later connection from resending the session between the two steps and taking the PUBACK
     * before the future is tracked, and the connected check under it keeps the message from being stored
     * after a later connection has resent the session.
     */
    Publish storeTracked(Message message, MqttFuture.Ack future) throws IOException {
        if (state != State.CONNECTED) {
            return null;
        }
        Publish publish = new Publish(message, false, session.nextId());
        session.savePacket(Direction.OUTGOING, publish);
        return tryTrack(publish.id(), future) ? publish : null;
    }

    /** Tracks a future under its packet id; false (and the future canceled) when the futures are closed. */
    private boolean tryTrack(int packetId, MqttFuture<?> future) {
        future.packetId = packetId;
        if (!futures.put(packetId, future)) {
            future.cancel(new ClientNotConnectedException());
            return false;
        }
        return true;
    }

    /** Sends a stored publish; a failed write is left to the resend of the next connection. */
    void sendStored(Publish publish) {
        try {
            sendLimited(publish);
        } catch (IOException e) {
            // Stored: the next connection resends it.
        }
    }

    boolean offerSubscribe(MqttFuture.Subscribe future) {
        if (state != State.CONNECTED) {
            return false;
        }
        Subscribe subscribe = new Subscribe(session.nextId(), future.subscriptions());
        return offerTracked(subscribe, future);
    }

    boolean offerUnsubscribe(List<String> topicFilters, MqttFuture.Ack future) {
        if (state != State.CONNECTED) {
            return false;
        }
        return offerTracked(new Unsubscribe(session.nextId(), topicFilters), future);
    }

    /**
     * Builds a SUBSCRIBE for a service and tracks its future without sending it; null when the client is
     * not connected. A service calls this with its lock held, records the command as unacknowledged and sends
     * it with {@link #sendTracked} after releasing the lock. When the futures are closed the future is canceled
     * instead and {@link #sendTracked} sends nothing.
     */
    IdentifiedPacket trackSubscribe(MqttFuture.Subscribe future) {
        if (state != State.CONNECTED) {
            return null;
        }
        Subscribe subscribe = new Subscribe(session.nextId(), future.subscriptions());
        tryTrack(subscribe.id(), future);
        return subscribe;
    }

    /** Like {@link #trackSubscribe} for an UNSUBSCRIBE. */
    IdentifiedPacket trackUnsubscribe(List<String> topicFilters, MqttFuture.Ack future) {
        if (state != State.CONNECTED) {
            return null;
        }
        Unsubscribe unsubscribe = new Unsubscribe(session.nextId(), topicFilters);
        tryTrack(unsubscribe.id(), future);
        return unsubscribe;
    }

    /**
     * Sends a packet tracked by {@link #trackSubscribe} or {@link #trackUnsubscribe}. A failed write means the
     * connection is ending; the service repeats the command when it goes offline.
     */
    void sendTracked(IdentifiedPacket packet, MqttFuture<?> future) {
        if (!future.isDone()) {
            trySend(packet);
        }
    }

    private boolean offerTracked(IdentifiedPacket packet, MqttFuture<?> future) {
        if (!tryTrack(packet.id(), future)) {
            return true;
        }
        if (!trySend(packet)) {
            futures.remove(packet.id(), future);
            return false;
        }
        return true;
    }

    private boolean trySend(Packet packet) {
        try {
            send(packet);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void checkKeepAlive() {
        if (state.isEnding()) {
            return;
        }
        long window = keepAlive.window();
        if (window <= 0) {
            if (keepAlive.pingPending()) {
                if (keepAlive.isReaderWaiting()) {
                    failOnReader(new ClientMissingPongException());
                    return;
                }
                // The reader is busy with a message, so the PINGRESP may wait unread behind it: the connection
                // is not known to be dead. Pinging again keeps the broker's keep-alive satisfied meanwhile.
                log.debug("PINGRESP pending while the reader handles a message; pinging again");
            }
            // Tracked before sending: the PINGRESP may be handled before send returns, and must clear it.
            keepAlive.pinged();
            try {
                send(Pingreq.INSTANCE);
            } catch (IOException e) {
                failOnReader(e);
                return;
            }
            window = keepAlive.intervalNanos();
        } else if (log.tracing()) {
            log.trace("Delay KeepAlive by " + Duration.ofNanos(window));
        }
        if (!state.isEnding()) {
            pinger = Timers.schedule(this::checkKeepAlive, window);
        }
    }

    /**
     * Ends the client from a thread other than the reader: refuses further operations at once and
     * drops the connection, so the reader dies with {@code error} and runs the callback on its own
     * thread, as {@link Callback} promises. The keep-alive timer in particular is shared by all
     * clients and must not run user code.
     */
    private void failOnReader(Throwable error) {
        deferredFailure = error;
        if (!state.isEnding()) {
            state = State.DISCONNECTING;
        }
        connection.close();
        // The reader may be waiting for deferred acknowledgements rather than reading.
        incoming.close();
    }

    private void send(Packet packet) throws IOException {
        keepAlive.sent();
        connection.send(packet);
        if (log.tracing()) {
            log.trace("Sent: " + packet);
        }
    }

    private void sendOrThrow(Packet packet) {
        try {
            send(packet);
        } catch (IOException e) {
            throw sendFailed(packet, e);
        }
    }

    private RuntimeException sendFailed(Packet packet, IOException e) {
        if (state != State.CONNECTED) {
            return new ClientNotConnectedException();
        }
        return new MqttClientException("could not queue " + packet.type() + ": " + e.getMessage(), e);
    }

    /**
     * Sends a PUBLISH or a resent PUBREL through the in-flight window: now if a place is free, else
     * once acknowledgements free one. The reader thread never waits for the window's lock.
     */
    private void sendLimited(IdentifiedPacket packet) throws IOException {
        if (Thread.currentThread() == reader) {
            window.sendFromReader(packet);
        } else {
            window.send(packet);
        }
    }

    private void checkConnected() {
        if (state != State.CONNECTED) {
            throw new ClientNotConnectedException();
        }
    }

    private void track(int id, MqttFuture<?> future) {
        if (!tryTrack(id, future)) {
            throw new ClientNotConnectedException();
        }
    }

    private MqttClientException storeFailed(IOException e) {
        MqttClientException failure = new MqttClientException("session store failed: " + e.getMessage(), e);
        failOnReader(failure);
        return failure;
    }

    boolean connectedSessionPresent() {
        return connectFuture != null && connectFuture.sessionPresent();
    }

    /** How the incoming QoS flows reach this client's connection. */
    private final class FlowPort implements IncomingFlow.Port {
        @Override
        public void send(Packet packet) throws IOException {
            Client.this.send(packet);
        }

        @Override
        public void die(Throwable error, boolean fromCallback) {
            terminate(error, fromCallback ? Ending.FAILED_IN_CALLBACK : Ending.FAILED);
        }

        @Override
        public void failFromOutside(Throwable error) {
            failOnReader(error);
        }

        @Override
        public void flush() {
            try {
                connection.flush();
            } catch (IOException e) {
                // The connection is ending; the reader learns it from its next read.
            }
        }
    }

    /**
     * Tells whether the client is connected: CONNACK accepted and not yet closed.
     *
     * @return true while connected
     */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    @Override
    public String toString() {
        return "Client[" + (config == null ? "unconfigured" : config.clientId() + "@" + config.parsedUrl()) + "]";
    }
}
