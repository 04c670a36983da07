package dev.mqttj.client;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Subscription;
import dev.mqttj.session.Direction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The connection side of a {@link Service}, from one {@link Service#start} to the stop after it: connects
 * (following the {@link ReconnectSchedule}), brings a connection online (online callback, resubscribe, queued
 * commands), takes it offline again and finishes the stop.
 *
 * <p>Its work runs on supervisor threads the service starts when there is supervising to do; an online,
 * idle service has none, and the next thread continues with the client the last one left serving. The
 * connection plays these roles, each in its own field: {@code connecting} (dialed, CONNACK pending),
 * {@code established} (accepted, owned by the service) and {@code announced} (its messages may be delivered:
 * the online callback ran); the service itself holds {@code current} (online: callers may use it directly)
 * and {@code parked} (left serving by a supervisor thread that ended).
 *
 * <p>All shared state is guarded by the service's lock; the schedule and {@code onlineSince} are touched by
 * supervisor threads alone, one at a time.
 */
final class Supervisor {

    /** How much longer than the connect timeout the supervisor waits before it gives up on an attempt. */
    private static final long CONNECT_GRACE_NANOS = 500_000_000L;

    private final Service service;
    private final Config config;
    private final ReconnectSchedule schedule;

    private Client connecting;
    private MqttFuture.Connect connectingFuture;
    private Client established;
    /** The error that ended the connecting client after its CONNACK, before the service took it over. */
    private Throwable lostWhileConnecting;
    private volatile Client announced;

    /**
     * @param service the service supervised; its settings are read as they were at start
     * @param config the configuration of every attempt, with the service's connect timeout
     */
    Supervisor(Service service, Config config) {
        this.service = service;
        this.config = config;
        this.schedule = new ReconnectSchedule(config.brokerUrls(), service.minReconnectDelay(),
                service.maxReconnectDelay());
    }

    /** The URL the next or current connection uses; with the service's lock held. */
    String currentUrl() {
        assert service.lock.isHeldByCurrentThread() : "currentUrl needs the service's lock";
        return schedule.url();
    }

    /**
     * Ends a connection attempt still waiting for CONNACK, with the service's lock held; one already
     * accepted is disconnected gracefully by the supervisor instead, so the broker does not publish the will.
     */
    void cancelAttempt() {
        assert service.lock.isHeldByCurrentThread() : "cancelAttempt needs the service's lock";
        if (connectingFuture != null) {
            connectingFuture.cancel(new ClientNotConnectedException());
        }
    }

    /** The body of a supervisor thread; {@code resumed} is the client a previous thread left serving. */
    void run(Client resumed) {
        boolean parkedAway = false;
        try {
            Client client = resumed;
            while (true) {
                if (client == null) {
                    client = reconnect();
                    if (client == null) {
                        return;
                    }
                    service.since = Instant.now();
                    try {
                        runOnlineCallback(client);
                    } finally {
                        announce(client);
                    }
                    if (!resubscribe(client)) {
                        lost(client);
                        client = null;
                        continue;
                    }
                }
                Outcome outcome = serve(client);
                if (outcome == Outcome.PARKED) {
                    parkedAway = true;
                    return;
                }
                lost(client);
                client = null;
                if (outcome == Outcome.STOPPED) {
                    return;
                }
                if (outcome == Outcome.RENEWED) {
                    // Asked for, not a failure: the next attempt starts without a backoff delay.
                    schedule.connectNextWithoutDelay();
                }
            }
        } finally {
            if (!parkedAway) {
                finishStop();
            }
        }
    }

    /** Connects, after the schedule's delay; null when stopping. */
    private Client reconnect() {
        while (true) {
            long delay = schedule.nextDelayNanos();
            if (delay > 0) {
                service.moveTo(Service.Phase.BACKING_OFF);
                service.log.debug("Delay Reconnect: " + Duration.ofNanos(delay));
                if (awaitStopOrRenewal(delay)) {
                    return null;
                }
            }
            if (isStopping()) {
                return null;
            }
            service.log.debug("Next Reconnect");
            service.moveTo(Service.Phase.CONNECTING);
            Client client = attempt();
            if (client != null) {
                return client;
            }
        }
    }

    private void lost(Client client) {
        goOffline(client);
        service.moveTo(Service.Phase.BACKING_OFF);
        schedule.connectionLost(System.nanoTime());
    }

    /** One connection attempt to the schedule's URL; the accepted client, or null after reporting why not. */
    private Client attempt() {
        Client client = newClient();
        service.lock.lock();
        try {
            if (service.phase == Service.Phase.STOPPING) {
                return null;
            }
            connecting = client;
            lostWhileConnecting = null;
            service.renewalRequested = false;
            service.connectionAttempts++;
        } finally {
            service.lock.unlock();
        }
        Duration connectTimeout = config.connectTimeout();
        Config attempt = config.withBrokerUrl(schedule.url());
        // The client fails its own attempt at the connect timeout with the precise reason; this is the backstop.
        long deadline = System.nanoTime() + connectTimeout.toNanos() + CONNECT_GRACE_NANOS;
        Throwable failure;
        boolean lost = false;
        try {
            MqttFuture.Connect connected = (MqttFuture.Connect) client.connect(attempt);
            service.lock.lock();
            try {
                connectingFuture = connected;
                if (service.phase == Service.Phase.STOPPING) {
                    connected.cancel(new ClientNotConnectedException());
                }
            } finally {
                service.lock.unlock();
            }
            connected.await(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            service.lock.lock();
            try {
                // The client may have died between CONNACK and here; its end was then not ours to handle yet.
                if (client.isConnected()) {
                    schedule.connected(System.nanoTime());
                    connecting = null;
                    connectingFuture = null;
                    established = client;
                    // Taken over even when stopping: it goes online as usual and serve() disconnects it gracefully.
                    return client;
                }
            } finally {
                service.lock.unlock();
            }
            lost = true;
            failure = null;
        } catch (TimeoutException e) {
            failure = new MqttClientException("broker did not accept the connection within " + connectTimeout, e);
        } catch (CancellationException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = null;
        }
        announce(client);
        // Waits for the reader, so a loss it reported through the hooks is known below.
        client.close();
        service.lock.lock();
        try {
            if (lost) {
                failure = lostWhileConnecting != null ? lostWhileConnecting : new ClientNotConnectedException();
            }
            if (service.phase == Service.Phase.STOPPING) {
                failure = null;
            }
            connecting = null;
            connectingFuture = null;
            schedule.attemptFailed();
        } finally {
            service.lock.unlock();
        }
        if (failure != null) {
            service.reportError(failure);
        }
        return null;
    }

    private Client newClient() {
        Client client = new Client();
        client.setSession(service.session);
        client.setLogger(service.logger);
        client.setEventListener(service.events);
        // A resumed session's messages can arrive right after CONNACK: hold them until the online
        // callback has run, so the application hears "online" before any message of the connection.
        client.setCallback((message, error) -> {
            if (message != null) {
                awaitAnnounced(client);
                if (!client.isConnected()) {
                    throw new ClientNotConnectedException();
                }
                service.deliver(message);
            }
        });
        MessageHandler handler = service.messageHandler;
        if (handler != null) {
            client.setMessageHandler(received -> {
                awaitAnnounced(client);
                if (!client.isConnected()) {
                    throw new ClientNotConnectedException();
                }
                handler.handle(received);
            });
        }
        client.attachTo(service, service.futures, new Hooks());
        return client;
    }

    /** Lets the messages of {@code client} through; see {@link #awaitAnnounced}. */
    private void announce(Client client) {
        service.lock.lock();
        try {
            announced = client;
            service.changed.signalAll();
        } finally {
            service.lock.unlock();
        }
    }

    /**
     * Holds a message of {@code client} on its reader thread until {@link #announce} let the client's
     * messages through. A field and the service's condition rather than a latch per connection: a latch
     * would stay reachable from the message callback for as long as the connection lives.
     */
    private void awaitAnnounced(Client client) throws InterruptedException {
        if (announced == client) {
            return;
        }
        service.lock.lock();
        try {
            while (announced != client) {
                service.changed.await();
            }
        } finally {
            service.lock.unlock();
        }
    }

    private void runOnlineCallback(Client client) {
        OnlineCallback callback = service.onlineCallback;
        if (callback != null) {
            try {
                callback.online(client.connectedSessionPresent());
            } catch (RuntimeException e) {
                service.reportError(e);
            }
        }
    }

    /** Subscribes to the remembered filters again; false when that failed and the client was closed. */
    private boolean resubscribe(Client client) {
        if (!service.resubscribeAllSubscriptions) {
            return true;
        }
        // Except filters a queued SUBSCRIBE is about to send anyway (subscribed while offline or in the online
        // callback): each filter goes out once per connection.
        List<Subscription> all = service.withLock(
                () -> service.subscriptions.toRenew(service.queue.queuedSubscribeFilters()));
        if (all.isEmpty()) {
            return true;
        }
        Duration timeout = service.resubscribeTimeout();
        MqttFuture.Subscribe future = new MqttFuture.Subscribe(null, all);
        try {
            if (!client.offerSubscribe(future)) {
                return false;
            }
            future.await(timeout);
            return true;
        } catch (TimeoutException e) {
            service.futures.remove(future.packetId, future);
            service.reportError(new MqttClientException("resubscribe not acknowledged within " + timeout, e));
        } catch (CancellationException e) {
            service.futures.remove(future.packetId, future);
            if (e.getCause() instanceof FailedSubscriptionException) {
                // Also here: closing the client below may beat the reader to reporting the refusal.
                service.withLock(() -> {
                    service.subscriptions.forgetRefused((FailedSubscriptionException) e.getCause());
                    return null;
                });
            }
            service.reportError(e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        return false;
    }

    /**
     * Sends queued commands, then hands publishing to the callers' threads. Once the queue is empty
     * the supervisor is not needed until the connection ends or the service stops, so it parks the
     * client for a successor and ends.
     */
    private Outcome serve(Client client) {
        boolean renewing = false;
        service.lock.lock();
        try {
            while (true) {
                if (service.phase == Service.Phase.STOPPING) {
                    service.current = null;
                    break;
                }
                if (service.renewalRequested && established == client) {
                    // Callers queue from now on; the queue is drained on the new connection.
                    service.renewalRequested = false;
                    renewing = true;
                    service.current = null;
                    break;
                }
                if (established != client) {
                    return Outcome.LOST;
                }
                Command command = service.queue.pollFirst();
                if (command != null) {
                    service.changed.signalAll();
                    service.lock.unlock();
                    boolean done;
                    try {
                        done = execute(client, command);
                    } finally {
                        service.lock.lock();
                    }
                    if (!done) {
                        service.queue.addFirst(command);
                    }
                    continue;
                }
                service.current = client;
                service.park(client);
                return Outcome.PARKED;
            }
        } finally {
            service.lock.unlock();
        }
        try {
            client.disconnect(service.disconnectTimeout());
        } catch (ClientNotConnectedException e) {
            // Lost at the same moment; the offline callback follows all the same.
        } catch (MqttClientException e) {
            service.reportError(e);
        }
        return renewing ? Outcome.RENEWED : Outcome.STOPPED;
    }

    private enum Outcome { PARKED, LOST, STOPPED, RENEWED }

    /** Runs a command on a connected client; false when the client was gone and nothing happened. */
    private boolean execute(Client client, Command command) {
        try {
            switch (command.kind) {
                case PUBLISH:
                    if (command.stored != null) {
                        return client.offerStored(command.stored, command.ack());
                    }
                    return client.offer(command.message, command.ack());
                case SUBSCRIBE:
                    return track(command, client.offerSubscribe(command.subscribeFuture()));
                default:
                    return track(command, client.offerUnsubscribe(command.topicFilters, command.ack()));
            }
        } catch (IOException e) {
            service.fail(command.future, new MqttClientException("session store failed: " + e.getMessage(), e));
            return true;
        }
    }

    /** Subscribes and unsubscribes are not stored in the session, so the service repeats them itself. */
    private boolean track(Command command, boolean sent) {
        if (sent) {
            service.withLock(() -> {
                service.queue.sent(command);
                return null;
            });
        }
        return sent;
    }

    private void goOffline(Client client) {
        service.since = Instant.now();
        service.lock.lock();
        try {
            if (service.current == client) {
                service.current = null;
            }
            established = null;
            service.queue.requeueUnacknowledged(service.futures);
        } finally {
            service.lock.unlock();
        }
        OfflineCallback callback = service.offlineCallback;
        if (callback != null) {
            try {
                callback.offline();
            } catch (RuntimeException e) {
                service.reportError(e);
            }
        }
    }

    /** Waits the backoff delay, cut short by a stop or a renewal request; true when stopping. */
    private boolean awaitStopOrRenewal(long nanos) {
        service.lock.lock();
        try {
            long remaining = nanos;
            while (service.phase != Service.Phase.STOPPING && !service.renewalRequested && remaining > 0) {
                remaining = service.changed.awaitNanos(remaining);
            }
            return service.phase == Service.Phase.STOPPING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            service.lock.unlock();
        }
    }

    private boolean isStopping() {
        return service.withLock(() -> service.phase == Service.Phase.STOPPING);
    }

    private void finishStop() {
        List<Command> dropped = new ArrayList<>();
        boolean clear;
        service.lock.lock();
        try {
            clear = service.clearFuturesOnExit;
            if (clear) {
                dropped.addAll(service.queue.clear());
            }
            service.current = null;
            established = null;
            connecting = null;
            service.phase = Service.Phase.STOPPED;
            service.changed.signalAll();
        } finally {
            service.lock.unlock();
        }
        if (clear) {
            ClientNotConnectedException reason = new ClientNotConnectedException();
            service.futures.protect(false);
            service.futures.clear(reason);
            for (Command command : dropped) {
                command.future.cancel(reason);
            }
        }
    }

    /** The client's view of the service. */
    private final class Hooks implements Client.Mode {
        @Override
        public void died(Client client, Throwable error) {
            boolean report;
            service.lock.lock();
            try {
                report = established == client && service.phase != Service.Phase.STOPPING && error != null;
                if (connecting == client) {
                    lostWhileConnecting = error;
                }
                if (error instanceof FailedSubscriptionException) {
                    service.subscriptions.forgetRefused((FailedSubscriptionException) error);
                }
            } finally {
                service.lock.unlock();
            }
            if (report) {
                service.reportError(error);
            }
            service.lock.lock();
            try {
                if (service.current == client) {
                    service.current = null;
                }
                if (established == client) {
                    established = null;
                }
                service.resumeIfParked(client);
                service.changed.signalAll();
            } finally {
                service.lock.unlock();
            }
        }

        @Override
        public boolean ownsSessionAndFutures() {
            return false;
        }

        @Override
        public void resendStored(Client client) throws IOException {
            service.lock.lock();
            try {
                Set<Integer> queued = service.queue.storedPublishIds();
                for (IdentifiedPacket packet : service.session.allPackets(Direction.OUTGOING)) {
                    if (!queued.contains(packet.id())) {
                        client.resend(packet);
                    }
                }
            } finally {
                service.lock.unlock();
            }
        }
    }
}
