package dev.mqttj.client;

import static dev.mqttj.client.ServicePackets.config;
import static dev.mqttj.client.ServicePackets.connack;
import static dev.mqttj.client.ServicePackets.connect;
import static dev.mqttj.client.ServicePackets.publish;
import static dev.mqttj.client.ServicePackets.subscribe;
import static dev.mqttj.client.ServicePackets.unsubscribe;
import static dev.mqttj.client.ServiceEvents.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Unsuback;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The service's commands and its start/stop life cycle, against scripted brokers (gomqtt's service_test.go). */
class ServiceTest {

    @Test
    void publishesAndSubscribes() throws Exception {
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(subscribe(1, "test", 0)).send(new Suback(1, List.of(0)))
                .receive(publish("test", "test", 0, 0)).send(publish("test", "test", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            assertThat(service.isOnline()).isTrue();

            SubscribeFuture subscribed = service.subscribe("test", 0);
            subscribed.await(WAIT);
            assertThat(subscribed.returnCodes()).containsExactly(0);
            service.publish("test", "test".getBytes(), 0, false).await(WAIT);
            events.awaitCount("message", 1);

            service.stop(true);
            assertThat(events.list()).containsExactly("online(false)", "message:test:test", "offline");
            Message message = events.messages().get(0);
            assertThat(message.qos()).isZero();
            assertThat(message.retain()).isFalse();
            assertThat(service.isStarted()).isFalse();
            assertThat(service.isOnline()).isFalse();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void commandsIssuedInTheOnlineCallbackAreSentRightAfterIt() throws Exception {
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(subscribe(1, "test", 0)).send(new Suback(1, List.of(0)))
                .receive(publish("test", "test", 0, 0)).send(publish("test", "test", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            AtomicReference<Throwable> awaitInCallback = new AtomicReference<>();
            List<GenericFuture<?>> issued = new CopyOnWriteArrayList<>();
            service.setOnlineCallback(resumed -> {
                events.add("online(" + resumed + ")");
                SubscribeFuture subscribed = service.subscribe("test", 0);
                issued.add(subscribed);
                issued.add(service.publish("test", "test".getBytes(), 0, false));
                try {
                    // Only this thread could send the SUBSCRIBE: waiting here must fail instead of hanging.
                    subscribed.await(Duration.ofSeconds(5));
                } catch (Exception | Error e) {
                    awaitInCallback.set(e);
                }
            });
            service.start(config(broker.url()));
            events.awaitCount("message", 1);
            for (GenericFuture<?> future : issued) {
                future.await(WAIT);
            }
            service.stop(true);

            assertThat(awaitInCallback.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("deadlock");
            assertThat(events.list()).containsExactly("online(false)", "message:test:test", "offline");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void secondStartAndSecondStopDoNothing() throws Exception {
        Flow flow = Flow.create().receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            assertThat(service.isStarted()).isTrue();

            service.stop(true);
            service.stop(true);
            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "offline");
            assertThat(broker.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void startAfterStopConnectsAgain() throws Exception {
        Flow first = Flow.create("first").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        Flow second = Flow.create("second").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.stop(true);
            assertThat(service.isStarted()).isFalse();

            service.start(config(broker.url()));
            events.awaitCount("online", 2);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "offline", "online(false)", "offline");
        }
    }

    @Test
    void settingsCannotChangeWhileStarted() throws Exception {
        Flow flow = Flow.create().receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            assertThatThrownBy(() -> service.setConnectTimeout(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.setOnlineCallback(null)).isInstanceOf(IllegalStateException.class);
            service.stop(true);
            service.setConnectTimeout(Duration.ofSeconds(1));
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopFromTheOnlineCallbackCompletesWhenTheCallbackReturns() throws Exception {
        Flow flow = Flow.create().receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.setOnlineCallback(resumed -> {
                service.stop(true);
                events.add("stop returned");
            });
            service.start(config(broker.url()));
            events.awaitCount("offline", 1);
            await().atMost(WAIT).until(() -> !service.isStarted());
            assertThat(events.list()).containsExactly("stop returned", "offline");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopFromTheMessageCallbackDisconnects() throws Exception {
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .send(publish("stop", "now", 1, 1))
                // The supervisor disconnects concurrently with the reader acknowledging: either may go first.
                .skip(PacketType.PUBACK).receive(Disconnect.INSTANCE)
                .skip(PacketType.PUBACK).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service, message -> service.stop(true));
            service.start(config(broker.url()));
            events.awaitCount("offline", 1);
            await().atMost(WAIT).until(() -> !service.isStarted());
            assertThat(events.list()).containsExactly("online(false)", "message:stop:now", "offline");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopEndsTheWaitBeforeTheNextReconnect() throws Exception {
        Flow refusing = Flow.create().receive(connect()).send(new Connack(false, ConnackCode.NOT_AUTHORIZED)).end();
        try (FakeBroker broker = FakeBroker.start(refusing)) {
            Service service = new Service();
            service.setMinReconnectDelay(Duration.ofMinutes(1));
            service.setMaxReconnectDelay(Duration.ofMinutes(1));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("error", 1);
            assertThat(events.errors().get(0)).isInstanceOf(ClientConnectionDeniedException.class);

            // The next attempt is at least 30 s away: stop must not wait for it.
            CompletableFuture.runAsync(() -> service.stop(true)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(service.isStarted()).isFalse();
            assertThat(events.list()).containsExactly("error:ClientConnectionDeniedException");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void failingOnlineAndErrorCallbacksDoNotStopTheService() throws Exception {
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(publish("test", "still working", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            service.setOnlineCallback(resumed -> {
                throw new IllegalStateException("online callback failed");
            });
            service.setErrorCallback(error -> {
                reported.add(error);
                throw new IllegalStateException("error callback failed too");
            });
            service.start(config(broker.url()));
            await().atMost(WAIT).until(service::isOnline);

            service.publish("test", "still working".getBytes(), 0, false).await(WAIT);
            service.stop(true);

            assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage("online callback failed"));
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void persistentSessionNeedsAClientId() {
        Service service = new Service();
        assertThatThrownBy(() -> service.start(Config.builder("tcp://127.0.0.1:9").cleanSession(false).build()))
                .isInstanceOf(ClientMissingIdException.class);
        assertThat(service.isStarted()).isFalse();
        assertThatThrownBy(() -> new Service(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsubscribes() throws Exception {
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(unsubscribe(1, "test")).send(new Unsuback(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);

            GenericFuture<Void> unsubscribed = service.unsubscribe("test");
            unsubscribed.await(WAIT);
            assertThat(unsubscribed.isCancelled()).isFalse();

            service.stop(true);
            assertThat(events.list()).containsExactly("online(false)", "offline");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopWithClearFuturesCancelsFuturesInFlight() throws Exception {
        CountDownLatch published = new CountDownLatch(1);
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(publish("test", "unacknowledged", 1, 1)).run(published::countDown)
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            service.setDisconnectTimeout(Duration.ofMillis(100));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);

            GenericFuture<Void> future = service.publish("test", "unacknowledged".getBytes(), 1, false);
            assertThat(published.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            service.stop(true);

            assertThat(future.isCancelled()).isTrue();
            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(ClientNotConnectedException.class);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopWithClearFuturesCancelsQueuedCommands() throws Exception {
        CountDownLatch connecting = new CountDownLatch(1);
        // A broker that never answers CONNECT keeps the service offline, so commands wait in the queue.
        Flow silent = Flow.create().receive(connect()).run(connecting::countDown).end();
        try (FakeBroker broker = FakeBroker.start(silent)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            assertThat(connecting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            GenericFuture<Void> publish = service.publish("test", "queued".getBytes(), 1, false);
            SubscribeFuture subscribe = service.subscribe("test", 1);
            GenericFuture<Void> unsubscribe = service.unsubscribe("other");
            assertThat(publish.isDone()).isFalse();
            service.stop(true);

            assertThat(List.of(publish, subscribe, unsubscribe)).allMatch(GenericFuture::isCancelled);
            assertThat(events.list()).as("an attempt ended by stop is no error and was never online").isEmpty();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopWithoutClearingKeepsFuturesForTheNextStart() throws Exception {
        CountDownLatch published = new CountDownLatch(1);
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(publish("test", "kept", 1, 1)).run(published::countDown)
                .receive(Disconnect.INSTANCE)
                .end();
        Flow second = Flow.create("second")
                .receive(connect()).send(connack())
                .receive(publish("test", "kept", 1, 1, true)).send(new Puback(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = new Service();
            service.setDisconnectTimeout(Duration.ofMillis(50));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            GenericFuture<Void> future = service.publish("test", "kept".getBytes(), 1, false);
            assertThat(published.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            service.stop(false);
            assertThat(future.isDone()).isFalse();

            service.start(config(broker.url()));
            future.await(WAIT);
            assertThat(future.isCancelled()).isFalse();
            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopWaitsForAcknowledgementsInFlightBeforeItDisconnects() throws Exception {
        String supervisor = "mqtt-" + ServicePackets.CLIENT_ID + "-service";
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(publish("test", "slow", 1, 1))
                // Hold the PUBACK until stop() is waiting for it, so the DISCONNECT can only follow it.
                .run(() -> await().atMost(WAIT).until(() -> stateOf(supervisor) == Thread.State.TIMED_WAITING))
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            GenericFuture<Void> future = service.publish("test", "slow".getBytes(), 1, false);

            service.stop(true);

            assertThat(future.isDone()).isTrue();
            assertThat(future.isCancelled()).isFalse();
            assertThat(events.list()).containsExactly("online(false)", "offline");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void stopGivesUpWaitingAfterTheDisconnectTimeout() throws Exception {
        Duration disconnectTimeout = Duration.ofMillis(300);
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(publish("test", "never acknowledged", 1, 1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service();
            service.setDisconnectTimeout(disconnectTimeout);
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            GenericFuture<Void> future = service.publish("test", "never acknowledged".getBytes(), 1, false);

            long started = System.nanoTime();
            service.stop(true);
            long waitedNanos = System.nanoTime() - started;

            assertThat(waitedNanos).as("stop waited for the acknowledgement")
                    .isGreaterThanOrEqualTo(disconnectTimeout.toNanos());
            assertThat(future.isCancelled()).isTrue();
            assertThat(events.list()).containsExactly("online(false)", "offline");
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void fullQueueBlocksTheCallerAtMostTheQueueTimeout() throws Exception {
        Duration queueTimeout = Duration.ofMillis(200);
        CountDownLatch connecting = new CountDownLatch(1);
        Flow silent = Flow.create().receive(connect()).run(connecting::countDown).end();
        try (FakeBroker broker = FakeBroker.start(silent)) {
            Service service = new Service(2);
            service.setQueueTimeout(queueTimeout);
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            assertThat(connecting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            GenericFuture<Void> first = service.publish("test", "1".getBytes(), 0, false);
            GenericFuture<Void> second = service.publish("test", "2".getBytes(), 1, false);
            long started = System.nanoTime();
            GenericFuture<Void> third = service.publish("test", "3".getBytes(), 0, false);
            long blockedNanos = System.nanoTime() - started;

            assertThat(blockedNanos).isGreaterThanOrEqualTo(queueTimeout.toNanos());
            assertThat(first.isDone()).isFalse();
            assertThat(second.isDone()).isFalse();
            assertThat(third.isCancelled()).isTrue();
            assertThatThrownBy(() -> third.await(WAIT)).isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(QueueFullException.class);
            assertThat(events.errors()).hasAtLeastOneElementOfType(QueueFullException.class);

            service.stop(true);
            assertThat(first.isCancelled()).isTrue();
            assertThat(second.isCancelled()).isTrue();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void blockedCallerGoesOnWhenTheQueueDrains() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Flow flow = Flow.create()
                .receive(connect())
                .run(() -> awaitQuietly(release))
                .send(connack())
                .receive(publish("test", "1", 0, 0))
                .receive(publish("test", "2", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service(1);
            service.setQueueTimeout(WAIT);
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));

            GenericFuture<Void> first = service.publish("test", "1".getBytes(), 0, false);
            CompletableFuture<GenericFuture<Void>> second = new CompletableFuture<>();
            Thread caller = new Thread(() -> second.complete(service.publish("test", "2".getBytes(), 0, false)),
                    "queue-full-caller");
            caller.setDaemon(true);
            caller.start();
            await().atMost(WAIT).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
            assertThat(second).isNotDone();

            release.countDown();
            first.await(WAIT);
            second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).await(WAIT);
            assertThat(second.get().isCancelled()).isFalse();
            assertThat(events.errors()).isEmpty();

            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void subscribeRejectedByAFullQueueIsNotResubscribedLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Flow flow = Flow.create()
                .receive(connect())
                .run(() -> awaitQuietly(release))
                .send(connack())
                .receive(subscribe(1, "queued", 0)).send(new Suback(1, List.of(0)))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = new Service(1);
            service.setQueueTimeout(Duration.ofMillis(50));
            service.start(config(broker.url()));

            SubscribeFuture queued = service.subscribe("queued", 0);
            SubscribeFuture rejected = service.subscribe("rejected", 0);
            assertThatThrownBy(() -> rejected.await(WAIT)).hasCauseInstanceOf(QueueFullException.class);

            release.countDown();
            queued.await(WAIT);
            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void unsubscribeRejectedByAFullQueueKeepsTheSubscription() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "kept", 0)).send(new Suback(1, List.of(0)))
                .close();
        Flow second = Flow.create("second")
                .receive(connect())
                .run(() -> awaitQuietly(release))
                .send(connack())
                .receive(subscribe(2, "kept", 0)).send(new Suback(2, List.of(0)))
                .receive(subscribe(3, "filler", 0)).send(new Suback(3, List.of(0)))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = new Service(1);
            service.setMinReconnectDelay(Duration.ofMillis(10));
            service.setQueueTimeout(Duration.ofMillis(50));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("kept", 0).await(WAIT);
            events.awaitCount("offline", 1);

            SubscribeFuture filler = service.subscribe("filler", 0);
            GenericFuture<Void> rejected = service.unsubscribe("kept");
            assertThatThrownBy(() -> rejected.await(WAIT)).hasCauseInstanceOf(QueueFullException.class);

            release.countDown();
            filler.await(WAIT);
            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    static Thread.State stateOf(String threadName) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(threadName)) {
                return thread.getState();
            }
        }
        return Thread.State.TERMINATED;
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
