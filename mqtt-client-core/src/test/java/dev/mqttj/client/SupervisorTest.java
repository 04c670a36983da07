package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's decisions, without sockets: connections go to an {@link InMemoryBroker}, so each test
 * sees exactly which URLs were dialed, what each connection carried, and in which phase the service waits.
 */
class SupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough that a test which reaches a backoff can tell it never comes back by itself. */
    private static final Duration HOUR = Duration.ofHours(1);

    private final InMemoryBroker broker = new InMemoryBroker();
    private final Service service = new Service();

    @AfterEach
    void stopService() {
        service.stop(true);
    }

    private Config config(String url, String... failover) {
        return Config.builder(url).failoverUrls(List.of(failover)).dialer(broker).clientId("supervised").build();
    }

    @Test
    void failedAttemptMovesToTheNextUrlWithoutBackingOff() {
        broker.refuse("tcp://a:1883");
        service.setMinReconnectDelay(HOUR);
        service.setMaxReconnectDelay(HOUR);

        service.start(config("tcp://a:1883", "tcp://b:1883"));

        await().atMost(WAIT).until(service::isOnline);
        assertThat(broker.dialed()).containsExactly("tcp://a:1883", "tcp://b:1883");
        assertThat(service.status().connectionAttempts()).isEqualTo(2);
        assertThat(service.status().brokerUrl()).isEqualTo("tcp://b:1883");
    }

    @Test
    void fullRoundOfFailuresBacksOffBeforeTryingAgain() {
        broker.refuse("tcp://a:1883");
        broker.refuse("tcp://b:1883");
        service.setMinReconnectDelay(HOUR);
        service.setMaxReconnectDelay(HOUR);

        service.start(config("tcp://a:1883", "tcp://b:1883"));

        await().atMost(WAIT).until(() -> service.phase() == Service.Phase.BACKING_OFF);
        assertThat(broker.dialed()).containsExactly("tcp://a:1883", "tcp://b:1883");
        assertThat(service.status().lastError()).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void lostConnectionReconnectsToTheUrlThatWorked() {
        broker.refuse("tcp://a:1883");
        service.setMinReconnectDelay(Duration.ofMillis(1));
        service.setMaxReconnectDelay(Duration.ofMillis(2));
        ServiceEvents events = ServiceEvents.attach(service);
        service.start(config("tcp://a:1883", "tcp://b:1883"));
        await().atMost(WAIT).until(service::isOnline);
        broker.accept("tcp://a:1883");

        broker.lastLink().drop();

        events.awaitCount("online", 2);
        assertThat(broker.dialed()).containsExactly("tcp://a:1883", "tcp://b:1883", "tcp://b:1883");
        assertThat(events.list()).containsSubsequence("online(false)", "offline", "online(false)");
    }

    @Test
    void everyRememberedSubscriptionIsRenewedOnTheNextConnectionOnce() throws Exception {
        service.setMinReconnectDelay(Duration.ofMillis(1));
        service.setMaxReconnectDelay(Duration.ofMillis(2));
        ServiceEvents events = ServiceEvents.attach(service);
        service.start(config("tcp://a:1883"));
        await().atMost(WAIT).until(service::isOnline);
        service.subscribe("sensors/#", 1).await(WAIT);
        service.subscribe("alerts", 2).await(WAIT);
        service.unsubscribe("alerts").await(WAIT);
        InMemoryBroker.Link first = broker.lastLink();

        first.drop();
        events.awaitCount("online", 2);
        await().atMost(WAIT).until(() -> !broker.lastLink().subscriptions().isEmpty());

        assertThat(broker.links()).hasSize(2);
        assertThat(broker.lastLink().subscriptions()).containsExactly(new Subscription("sensors/#", 1));
    }

    @Test
    void commandsQueuedWhileOfflineGoOutInOrderOnceConnected() throws Exception {
        broker.refuse("tcp://a:1883");
        service.setMinReconnectDelay(Duration.ofMillis(1));
        service.setMaxReconnectDelay(Duration.ofMillis(2));
        service.start(config("tcp://a:1883"));
        GenericFuture<Void> first = service.publish("queued/1", new byte[] {1}, 1, false);
        GenericFuture<Void> second = service.publish("queued/2", new byte[] {2}, 0, false);
        GenericFuture<Void> third = service.publish("queued/3", new byte[] {3}, 2, false);
        assertThat(service.status().queued()).isEqualTo(3);

        broker.accept("tcp://a:1883");

        first.await(WAIT);
        third.await(WAIT);
        assertThat(second.isDone()).isTrue();
        assertThat(broker.lastLink().publishedTopics()).containsExactly("queued/1", "queued/2", "queued/3");
        assertThat(service.status().queued()).isZero();
    }

    @Test
    void onlineCallbackRunsBeforeAMessageThatArrivesRightAfterConnack() {
        broker.sendAfterConnack(Message.of("resumed/topic", "early"));
        ServiceEvents events = ServiceEvents.attach(service);

        service.start(config("tcp://a:1883"));

        events.awaitCount("message", 1);
        assertThat(events.list()).containsSubsequence("online(false)", "message:resumed/topic:early");
        assertThat(events.list().indexOf("online(false)")).isZero();
    }

    @Test
    void stopDuringBackoffEndsWithoutAnotherAttempt() throws Exception {
        broker.refuse("tcp://a:1883");
        service.setMinReconnectDelay(HOUR);
        service.setMaxReconnectDelay(HOUR);
        service.start(config("tcp://a:1883"));
        await().atMost(WAIT).until(() -> service.phase() == Service.Phase.BACKING_OFF);

        CompletableFuture.runAsync(() -> service.stop(true)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(service.phase()).isEqualTo(Service.Phase.STOPPED);
        assertThat(broker.dialed()).containsExactly("tcp://a:1883");
    }

    @Test
    void stopWhileOnlineDisconnectsGracefully() {
        service.start(config("tcp://a:1883"));
        await().atMost(WAIT).until(service::isOnline);
        InMemoryBroker.Link link = broker.lastLink();

        service.stop(true);

        assertThat(link.received()).last().isInstanceOf(dev.mqttj.packet.Disconnect.class);
        assertThat(link.isClosed()).isTrue();
        assertThat(service.isStarted()).isFalse();
    }

    @Test
    void restartedServiceStartsItsScheduleOverFromTheFirstUrl() {
        broker.refuse("tcp://a:1883");
        service.start(config("tcp://a:1883", "tcp://b:1883"));
        await().atMost(WAIT).until(service::isOnline);
        service.stop(true);
        broker.accept("tcp://a:1883");

        service.start(config("tcp://a:1883", "tcp://b:1883"));

        await().atMost(WAIT).until(service::isOnline);
        assertThat(broker.dialed()).containsExactly("tcp://a:1883", "tcp://b:1883", "tcp://a:1883");
    }
}
