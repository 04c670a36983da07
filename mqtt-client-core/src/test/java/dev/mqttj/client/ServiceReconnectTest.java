package dev.mqttj.client;

import static dev.mqttj.client.ServiceEvents.WAIT;
import static dev.mqttj.client.ServicePackets.CLIENT_ID;
import static dev.mqttj.client.ServicePackets.config;
import static dev.mqttj.client.ServicePackets.connack;
import static dev.mqttj.client.ServicePackets.connect;
import static dev.mqttj.client.ServicePackets.persistentConfig;
import static dev.mqttj.client.ServicePackets.publish;
import static dev.mqttj.client.ServicePackets.subscribe;
import static dev.mqttj.client.ServicePackets.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Pingreq;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Pubrel;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.packet.Unsuback;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import dev.mqttj.transport.Connection;
import dev.mqttj.transport.Dialer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Reconnecting, resubscribing and redelivery against scripted brokers, where the exact packets on
 * the wire matter (gomqtt's service_test.go and more).
 */
class ServiceReconnectTest {

    private static final Connack REFUSED = new Connack(false, ConnackCode.SERVER_UNAVAILABLE);

    /** A service that reconnects quickly, so tests with several connections stay short. */
    private static Service quickService() {
        Service service = new Service();
        service.setMinReconnectDelay(Duration.ofMillis(10));
        service.setMaxReconnectDelay(Duration.ofMillis(50));
        return service;
    }

    @Test
    void reconnectsAfterBrokersThatNeverAnswerConnect() throws Exception {
        Flow silent = Flow.create("silent").receive(connect()).end();
        Flow answering = Flow.create("answering").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(silent, silent, silent, answering)) {
            Service service = quickService();
            // The answering broker must answer within it too: a scripted broker took up to 0.85 s to answer a
            // CONNECT on a loaded two-core machine.
            service.setConnectTimeout(Duration.ofSeconds(2));
            AtomicInteger attempts = new AtomicInteger();
            service.setLogger(line -> {
                if (line.equals("Next Reconnect")) {
                    attempts.incrementAndGet();
                }
            });
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(attempts).hasValue(4);
            assertThat(broker.connectionCount()).isEqualTo(4);
            assertThat(events.errors()).hasSize(3)
                    .allSatisfy(e -> assertThat(e).isInstanceOf(ConnectTimeoutException.class)
                            .hasMessageContaining("within the connect timeout of PT2S"));
            assertThat(events.list()).endsWith("online(false)", "offline");
        }
    }

    @Test
    void aThrowingLoggerDoesNotStopReconnecting() throws Exception {
        Flow refusing = Flow.create("refusing").receive(connect()).send(REFUSED).end();
        Flow answering = Flow.create("answering").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(refusing, answering)) {
            Service service = quickService();
            service.setLogger(line -> {
                throw new IllegalStateException("logger down");
            });
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.errors()).hasSize(1);
            assertThat(events.list()).endsWith("online(false)", "offline");
        }
    }

    @Test
    void reconnectsAfterConnectionsLostRightAfterConnack() throws Exception {
        List<Flow> flows = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // The loss races with the service taking the new connection over; either way it must reconnect.
            flows.add(Flow.create("lost " + i).receive(connect()).send(connack()).close());
        }
        flows.add(Flow.create("kept").receive(connect()).send(connack()).receive(Disconnect.INSTANCE).end());
        try (FakeBroker broker = FakeBroker.start(flows)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            await().atMost(WAIT).until(() -> broker.connectionCount() == 11 && service.isOnline());
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.errors()).hasSize(10).allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class));
            assertThat(events.count("online")).isEqualTo(events.count("offline")).isGreaterThanOrEqualTo(1);
            assertThat(events.list()).endsWith("online(false)", "offline");
        }
    }

    @Test
    void callbacksComeInOrderAcrossFailedAttemptsAndALostConnection() throws Exception {
        ServiceEvents[] holder = new ServiceEvents[1];
        Flow refusing = Flow.create("refusing").receive(connect()).send(REFUSED).end();
        Flow firstOnline = Flow.create("first online")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "order/#", 0)).run(() -> holder[0].add("broker:subscribe"))
                .send(new Suback(1, List.of(0)))
                .send(publish("order/1", "one", 0, 0))
                .close();
        Flow secondOnline = Flow.create("second online")
                .receive(connect()).send(connack())
                .receive(subscribe(2, "order/#", 0)).run(() -> holder[0].add("broker:resubscribe"))
                .send(new Suback(2, List.of(0)))
                .send(publish("order/2", "two", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(List.of(refusing, refusing, firstOnline, refusing, secondOnline))) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            holder[0] = events;
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("order/#", 0).await(WAIT);
            events.awaitCount("message:order/2", 1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly(
                    "error:ClientConnectionDeniedException",
                    "error:ClientConnectionDeniedException",
                    "online(false)",
                    "broker:subscribe",
                    "message:order/1:one",
                    "error:EOFException",
                    "offline",
                    "error:ClientConnectionDeniedException",
                    "online(false)",
                    "broker:resubscribe",
                    "message:order/2:two",
                    "offline");
            assertThat(events.errors().get(2)).isInstanceOf(IOException.class);
        }
    }

    /**
     * Delays double while attempts fail, and a connection that stayed up for the longest delay starts them over.
     * The online connection lasts until the client's first PINGREQ, a keep-alive interval of one second.
     */
    @Test
    void reconnectDelaysGrowWhileAttemptsFailAndStartOverAfterAConnectionThatStayedUp() throws Exception {
        Flow refusing = Flow.create("refusing").receiveAny(PacketType.CONNECT).send(REFUSED).end();
        Flow stayingUp = Flow.create("up for a keep-alive interval")
                .receiveAny(PacketType.CONNECT).send(connack())
                .receive(Pingreq.INSTANCE)
                .close();
        Flow last = Flow.create("last").receiveAny(PacketType.CONNECT).send(connack()).receive(Disconnect.INSTANCE).end();
        List<Flow> flows = List.of(refusing, refusing, refusing, refusing, stayingUp, refusing, last);
        try (FakeBroker broker = FakeBroker.start(flows)) {
            Service service = new Service();
            service.setMinReconnectDelay(Duration.ofMillis(20));
            service.setMaxReconnectDelay(Duration.ofMillis(500));
            List<Duration> delays = new CopyOnWriteArrayList<>();
            service.setLogger(line -> {
                if (line.startsWith("Delay Reconnect: ")) {
                    delays.add(Duration.parse(line.substring("Delay Reconnect: ".length())));
                }
            });
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(Config.builder(broker.url()).clientId(CLIENT_ID).keepAlive(Duration.ofSeconds(1)).build());
            events.awaitCount("online", 2);
            service.stop(true);
            broker.awaitDone(WAIT);

            // After attempts 1..4 fail: steps of 20, 40, 80 and 160 ms, each delay in the upper half of its step.
            // After the long connection: 20 ms again (then 40 ms), not 320 ms.
            long[] stepsMillis = {20, 40, 80, 160, 20, 40};
            assertThat(delays).hasSize(stepsMillis.length);
            for (int i = 0; i < stepsMillis.length; i++) {
                assertThat(delays.get(i)).as("delay %d", i)
                        .isBetween(Duration.ofMillis(stepsMillis[i]).dividedBy(2), Duration.ofMillis(stepsMillis[i]));
            }
        }
    }

    @Test
    void messagesArrivingRightAfterConnackWaitUntilTheOnlineCallbackReturned() throws Exception {
        CountDownLatch publishSent = new CountDownLatch(1);
        CountDownLatch delivered = new CountDownLatch(1);
        Flow resumed = Flow.create("resumed with a queued message")
                .receive(connect()).send(connack(true))
                .send(publish("held/1", "queued", 0, 0)).run(publishSent::countDown)
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(List.of(resumed))) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service, message -> delivered.countDown());
            boolean[] deliveredDuringCallback = {true};
            service.setOnlineCallback(sessionPresent -> {
                events.add("online(" + sessionPresent + ")");
                try {
                    assertThat(publishSent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                    // The reader has the message by now; it must hold it while this callback runs.
                    deliveredDuringCallback[0] = delivered.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.add("online callback returned");
            });
            service.start(config(broker.url()));
            events.awaitCount("message:", 1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(deliveredDuringCallback[0]).isFalse();
            assertThat(events.list()).containsExactly(
                    "online(true)", "online callback returned", "message:held/1:queued", "offline");
        }
    }

    @Test
    void messageCallbackErrorLeavesTheMessageUnacknowledgedAndReconnects() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .send(publish("work", "job", 1, 1))
                .end(); // no PUBACK: the client must close instead
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .send(publish("work", "job", 1, 1, true))
                .receive(new Puback(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            AtomicInteger calls = new AtomicInteger();
            ServiceEvents events = ServiceEvents.attach(service, message -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("not now");
                }
            });
            service.start(persistentConfig(broker.url()));
            events.awaitCount("message", 2);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "message:work:job",
                    "error:IllegalStateException", "offline", "online(true)", "message:work:job", "offline");
            assertThat(events.errors().get(0)).hasMessage("not now");
        }
    }

    @Test
    void lateQos2CallbackOnPubrelIsRepeatedAfterARefusal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .send(publish("q2", "late", 2, 1))
                .receive(new Pubrec(1))
                .run(() -> assertThat(calls).as("callbacks before PUBREL").hasValue(0))
                .send(new Pubrel(1))
                .end(); // the callback refuses: no PUBCOMP
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .send(new Pubrel(1))
                .receive(new Pubcomp(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service, message -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("refused");
                }
            });
            service.start(persistentConfig(broker.url()));
            events.awaitCount("message", 2);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "message:q2:late", "error:IllegalStateException",
                    "offline", "online(true)", "message:q2:late", "offline");
            assertThat(events.messages()).allSatisfy(m -> assertThat(m.qos()).isEqualTo(2));
        }
    }

    @Test
    void earlyQos2CallbackOnPublishIsRepeatedOnRedelivery() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .send(publish("q2", "early", 2, 1))
                .end(); // the callback refuses: no PUBREC
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .send(publish("q2", "early", 2, 1, true))
                .receive(new Pubrec(1))
                .run(() -> assertThat(calls).as("callbacks before PUBREL").hasValue(2))
                .send(new Pubrel(1))
                .receive(new Pubcomp(1))
                .run(() -> assertThat(calls).as("callbacks after PUBREL").hasValue(2))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service, message -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("refused");
                }
            });
            service.start(persistentConfig(broker.url()).toBuilder().alwaysAnnounceOnPublish(true).build());
            events.awaitCount("message", 2);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "message:q2:early", "error:IllegalStateException",
                    "offline", "online(true)", "message:q2:early", "offline");
        }
    }

    @Test
    void resubscribesTheRegistryAfterAReconnect() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "overlap/#", 0)).send(new Suback(1, List.of(0)))
                .receive(subscribe(2, "overlap/a", 1)).send(new Suback(2, List.of(1)))
                .receive(subscribe(3, "identical/a", 1)).send(new Suback(3, List.of(1)))
                .receive(subscribe(4, "identical/a", 0)).send(new Suback(4, List.of(0)))
                .receive(subscribe(5, "unsubscribe", 1)).send(new Suback(5, List.of(1)))
                .receive(unsubscribe(6, "unsubscribe")).send(new Unsuback(6))
                .close();
        // Overlapping filters are all kept, the last QoS of the same filter wins, unsubscribed ones are gone.
        Subscribe all = new Subscribe(7, List.of(new Subscription("identical/a", 0),
                new Subscription("overlap/#", 0), new Subscription("overlap/a", 1)));
        Flow second = Flow.create("second")
                .receive(connect()).send(connack())
                .receive(all).send(new Suback(7, List.of(0, 0, 1)))
                .send(publish("test", "test", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("overlap/#", 0).await(WAIT);
            service.subscribe("overlap/a", 1).await(WAIT);
            service.subscribe("identical/a", 1).await(WAIT);
            service.subscribe("identical/a", 0).await(WAIT);
            service.subscribe("unsubscribe", 1).await(WAIT);
            service.unsubscribe("unsubscribe").await(WAIT);
            events.awaitCount("message", 1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.count("online")).isEqualTo(2);
        }
    }

    @Test
    void sendsExactlyOneSubscribeAfterEveryConnectWhetherOrNotTheSessionWasResumed() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .receive(publish("marker", "1", 0, 0))
                .receive(subscribe(1, "a/#", 1)).send(new Suback(1, List.of(1)))
                .close();
        Flow resumed = Flow.create("resumed")
                .receive(connect(false)).send(connack(true))
                .receive(subscribe(2, "a/#", 1)).send(new Suback(2, List.of(1)))
                .receive(publish("marker", "2", 0, 0))
                .close();
        Flow fresh = Flow.create("fresh")
                .receive(connect(false)).send(connack(false))
                .receive(subscribe(3, "a/#", 1)).send(new Suback(3, List.of(1)))
                .receive(publish("marker", "3", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, resumed, fresh)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            AtomicInteger connects = new AtomicInteger();
            // Queued behind the resubscription, the marker shows that nothing else was sent before it.
            service.setOnlineCallback(sessionPresent -> {
                events.add("online(" + sessionPresent + ")");
                service.publish("marker", Integer.toString(connects.incrementAndGet()).getBytes(), 0, false);
            });
            service.start(persistentConfig(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("a/#", 1).await(WAIT);
            events.awaitCount("online", 3);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsSubsequence("online(false)", "online(true)", "online(false)");
        }
    }

    @Test
    void subscriptionMadeWhileOfflineGoesOutOnce() throws Exception {
        Flow flow = Flow.create()
                .receive(connect()).send(connack())
                .receive(subscribe(1, "offline/#", 1)).send(new Suback(1, List.of(1)))
                .receive(publish("marker", "after", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Service service = quickService();
            SubscribeFuture subscribed = service.subscribe("offline/#", 1);
            service.start(config(broker.url()));
            subscribed.await(WAIT);
            service.publish("marker", "after".getBytes(), 0, false).await(WAIT);
            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void onlineCallbackThatSubscribesOnEveryConnectSendsOneSubscribePerConnection() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "a", 0)).send(new Suback(1, List.of(0)))
                .receive(publish("marker", "1", 0, 0))
                .close();
        Flow second = Flow.create("second")
                .receive(connect()).send(connack())
                .receive(subscribe(2, "a", 0)).send(new Suback(2, List.of(0)))
                .receive(publish("marker", "2", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            AtomicInteger connects = new AtomicInteger();
            service.setOnlineCallback(resumed -> {
                events.add("online(" + resumed + ")");
                service.subscribe("a", 0);
                service.publish("marker", Integer.toString(connects.incrementAndGet()).getBytes(), 0, false);
            });
            service.start(config(broker.url()));
            events.awaitCount("online", 2);
            await().atMost(WAIT).until(() -> broker.transcript().stream().anyMatch(l -> l.contains("#2 C->B Publish")));
            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void resubscribesNothingWhenResubscribingIsOff() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .receive(subscribe(1, "test", 0)).send(new Suback(1, List.of(0)))
                .close();
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .send(publish("test", "test", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            service.setResubscribeAllSubscriptions(false);
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(persistentConfig(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("test", 0).await(WAIT);
            events.awaitCount("message", 1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "error:EOFException", "offline",
                    "online(true)", "message:test:test", "offline");
        }
    }

    @Test
    void reconnectsWhenTheResubscriptionIsNotAcknowledged() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "test", 0)).send(new Suback(1, List.of(0)))
                .close();
        Flow mute = Flow.create("no suback")
                .receive(connect()).send(connack())
                .receive(subscribe(2, "test", 0))
                .end();
        Flow third = Flow.create("third")
                .receive(connect()).send(connack())
                .receive(subscribe(3, "test", 0)).send(new Suback(3, List.of(0)))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, mute, third)) {
            Service service = quickService();
            // The third broker's SUBACK must come within it, also on a loaded machine.
            service.setResubscribeTimeout(Duration.ofSeconds(2));
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("test", 0).await(WAIT);
            events.awaitCount("online", 3);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.errors()).anySatisfy(e -> assertThat(e).hasMessageContaining("resubscribe not acknowledged"));
            assertThat(events.count("online")).isEqualTo(3);
            assertThat(events.count("offline")).isEqualTo(3);
        }
    }

    @Test
    void refusedSubscriptionCancelsItsFutureAndIsNotResubscribed() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "denied", 0)).send(new Suback(1, List.of(Suback.FAILURE)))
                .end(); // validate-subs closes the client
        Flow second = Flow.create("second")
                .receive(connect()).send(connack())
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);

            SubscribeFuture future = service.subscribe("denied", 0);
            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(FailedSubscriptionException.class);
            events.awaitCount("online", 2);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.list()).containsExactly("online(false)", "error:FailedSubscriptionException", "offline",
                    "online(false)", "offline");
        }
    }

    @Test
    void resubscriptionRefusedAfterAReconnectIsDroppedNotRetriedForever() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "revoked", 0)).send(new Suback(1, List.of(0)))
                .close();
        Flow refusing = Flow.create("refusing")
                .receive(connect()).send(connack())
                .receive(subscribe(2, "revoked", 0)).send(new Suback(2, List.of(Suback.FAILURE)))
                .end();
        Flow third = Flow.create("third")
                .receive(connect()).send(connack())
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, refusing, third)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);
            service.subscribe("revoked", 0).await(WAIT);
            events.awaitCount("online", 3);
            await().atMost(WAIT).until(service::isOnline);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.errors()).anySatisfy(e -> assertThat(e).isInstanceOf(FailedSubscriptionException.class));
        }
    }

    @Test
    void subscribeAndUnsubscribeFuturesSurviveTheBrokerClosingTheConnection() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "kept", 1))
                .receive(unsubscribe(2, "gone"))
                .close();
        Flow second = Flow.create("second")
                .receive(connect()).send(connack())
                .receive(subscribe(3, "kept", 1)).send(new Suback(3, List.of(1)))
                .receive(unsubscribe(4, "gone")).send(new Unsuback(4))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(config(broker.url()));
            events.awaitCount("online", 1);

            SubscribeFuture subscribed = service.subscribe("kept", 1);
            GenericFuture<Void> unsubscribed = service.unsubscribe("gone");
            subscribed.await(WAIT);
            unsubscribed.await(WAIT);
            assertThat(subscribed.returnCodes()).containsExactly(1);
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.count("online")).isEqualTo(2);
        }
    }

    @Test
    void qos2PublishFutureSurvivesALossAfterPubrec() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .receive(publish("q2", "out", 2, 1)).send(new Pubrec(1))
                .receive(new Pubrel(1))
                .close();
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .receive(new Pubrel(1)).send(new Pubcomp(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(persistentConfig(broker.url()));
            events.awaitCount("online", 1);

            GenericFuture<Void> future = service.publish("q2", "out".getBytes(), 2, false);
            future.await(WAIT);
            assertThat(future.isCancelled()).isFalse();
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.count("online")).isEqualTo(2);
        }
    }

    /**
     * A publisher's thread stores a message in the session while the connection ends and the next one
     * resends the session: the resent message's PUBACK must find its future. The session holds the
     * publisher inside savePacket until the next connection got the PUBACK and delivered a later message,
     * or until a thread of the client waits for the service's lock, whichever comes first.
     */
    @Test
    void publishStoredWhileTheConnectionIsReplacedCompletesOnTheNextConnection() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch markerDelivered = new CountDownLatch(1);
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(false))
                .run(() -> awaitLatch(storing))
                .close();
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .receive(publish("race", "stored", 1, 1, true)).send(new Puback(1))
                .send(publish("marker", "after the puback", 0, 0))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            HoldingSession session = new HoldingSession(storing,
                    () -> markerDelivered.getCount() == 0 || clientThreadWaitsForALock(ServicePackets.CLIENT_ID));
            Service service = quickService();
            service.setSession(session);
            ServiceEvents events = ServiceEvents.attach(service, message -> {
                if (message.topic().equals("marker")) {
                    markerDelivered.countDown();
                }
            });
            service.start(persistentConfig(broker.url()));
            events.awaitCount("online", 1);
            await().atMost(WAIT).until(service::isOnline);

            GenericFuture<Void> future = service.publish("race", "stored".getBytes(), 1, false);

            future.await(WAIT);
            assertThat(future.isCancelled()).isFalse();
            events.awaitCount("message:marker", 1);
            service.stop(true);
            broker.awaitDone(WAIT);
            assertThat(session.allPackets(Direction.OUTGOING)).isEmpty();
        }
    }

    /**
     * A subscribe sent from the caller's thread on a connection that ends right after the write: going
     * offline must find it and repeat it on the next connection, even when that happens before the caller's
     * thread is back from sending. The dialer holds the caller inside the write of the SUBSCRIBE until the
     * service went offline.
     */
    @Test
    void subscribeSentAsTheConnectionEndsIsRepeatedOnTheNextConnection() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect()).send(connack())
                .receive(subscribe(1, "race", 0))
                .close();
        Flow second = Flow.create("second")
                .receive(connect()).send(connack())
                .receive(subscribe(2, "race", 0)).send(new Suback(2, List.of(0)))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            Thread caller = Thread.currentThread();
            Dialer holding = url -> new HoldingConnection(Dialer.defaultDialer().dial(url),
                    packet -> packet instanceof Subscribe && Thread.currentThread() == caller,
                    () -> events.count("offline") > 0);
            service.start(ServicePackets.config(broker.url()).toBuilder().dialer(holding).build());
            events.awaitCount("online", 1);
            await().atMost(WAIT).until(service::isOnline);

            SubscribeFuture subscribed = service.subscribe("race", 0);

            subscribed.await(WAIT);
            assertThat(subscribed.returnCodes()).containsExactly(0);
            events.awaitCount("online", 2);
            service.stop(true);
            broker.awaitDone(WAIT);
        }
    }

    /** Holds the thread that wrote a matching packet until {@code release} holds. */
    private static final class HoldingConnection extends ForwardingConnection {
        private final java.util.function.Predicate<Packet> hold;
        private final java.util.function.BooleanSupplier release;

        HoldingConnection(Connection delegate, java.util.function.Predicate<Packet> hold,
                java.util.function.BooleanSupplier release) {
            super(delegate);
            this.hold = hold;
            this.release = release;
        }

        @Override
        public void send(Packet packet) throws IOException {
            delegate.send(packet);
            if (hold.test(packet)) {
                delegate.flush();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(release::getAsBoolean);
            }
        }

    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a thread of the client (reader, writer, service) is parked waiting for a ReentrantLock. */
    private static boolean clientThreadWaitsForALock(String clientId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("mqtt-" + clientId + "-"))
                .map(LockSupport::getBlocker)
                .anyMatch(blocker -> blocker != null && blocker.getClass().getEnclosingClass() == ReentrantLock.class);
    }

    /**
     * A memory session that, the first time an outgoing PUBLISH is saved, opens {@code storing} and then
     * holds the saving thread until {@code release} holds.
     */
    private static final class HoldingSession implements Session {
        private final MemorySession delegate = new MemorySession();
        private final CountDownLatch storing;
        private final java.util.function.BooleanSupplier release;

        HoldingSession(CountDownLatch storing, java.util.function.BooleanSupplier release) {
            this.storing = storing;
            this.release = release;
        }

        @Override
        public int nextId() {
            return delegate.nextId();
        }

        @Override
        public void savePacket(Direction direction, IdentifiedPacket packet) throws IOException {
            delegate.savePacket(direction, packet);
            if (direction == Direction.OUTGOING && packet instanceof dev.mqttj.packet.Publish
                    && storing.getCount() > 0) {
                storing.countDown();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(release::getAsBoolean);
            }
        }

        @Override
        public IdentifiedPacket lookupPacket(Direction direction, int id) throws IOException {
            return delegate.lookupPacket(direction, id);
        }

        @Override
        public void deletePacket(Direction direction, int id) throws IOException {
            delegate.deletePacket(direction, id);
        }

        @Override
        public List<IdentifiedPacket> allPackets(Direction direction) throws IOException {
            return delegate.allPackets(direction);
        }

        @Override
        public void reset() throws IOException {
            delegate.reset();
        }
    }

    @Test
    void publishFutureSurvivesTheBrokerClosingTheConnection() throws Exception {
        Flow first = Flow.create("first")
                .receive(connect(false)).send(connack(true))
                .receive(publish("test", "test", 1, 1))
                .close();
        Flow second = Flow.create("second")
                .receive(connect(false)).send(connack(true))
                .receive(publish("test", "test", 1, 1, true)).send(new Puback(1))
                .receive(Disconnect.INSTANCE)
                .end();
        try (FakeBroker broker = FakeBroker.start(first, second)) {
            Service service = quickService();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(persistentConfig(broker.url()));

            GenericFuture<Void> future = service.publish("test", "test".getBytes(), 1, false);
            future.await(WAIT);
            assertThat(future.isCancelled()).isFalse();
            service.stop(true);

            broker.awaitDone(WAIT);
            assertThat(events.count("online")).isEqualTo(2);
        }
    }
}
