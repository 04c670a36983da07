package dev.mqttj.client;

import static dev.mqttj.client.ServiceEvents.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.testing.ChaosProxy;
import dev.mqttj.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service against a real broker behind a {@link ChaosProxy}: cut connections, stalled and
 * black-holed networks, added latency, a broker that is down at start, and redelivery after a
 * refused message.
 */
class ServiceFaultTest {

    private static final Duration STREAM_WAIT = Duration.ofSeconds(30);

    private static MosquittoBroker broker;

    private final List<Service> services = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        // Unlimited queues: a subscriber that is offline for a moment must not lose queued QoS 1 messages.
        broker = MosquittoBroker.builder().setting("max_queued_messages", "0").start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Service service : services) {
            service.stop(true);
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private Service service() {
        Service service = new Service();
        service.setMinReconnectDelay(Duration.ofMillis(10));
        service.setMaxReconnectDelay(Duration.ofMillis(100));
        // Tests that expect no errors need the first connection to be accepted and resubscribed within these
        // also on a loaded two-core machine, where even a scripted broker took up to 0.85 s to answer a CONNECT.
        service.setConnectTimeout(Duration.ofSeconds(2));
        service.setResubscribeTimeout(Duration.ofSeconds(2));
        services.add(service);
        return service;
    }

    private ChaosProxy proxy() {
        ChaosProxy proxy = ChaosProxy.start(broker.port());
        resources.add(proxy);
        return proxy;
    }

    private static Config persistent(String url, String clientId) throws Exception {
        Config config = Config.builder(url).clientId(clientId).cleanSession(false).build();
        Helpers.clearSession(Config.withClientId(broker.url(), clientId), WAIT);
        return config;
    }

    /** Publishes {@code count} numbered QoS 1 messages and waits until each is acknowledged. */
    private static void publishNumbered(Service publisher, String topic, int count) throws Exception {
        List<GenericFuture<Void>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(publisher.publish(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1, false));
        }
        for (GenericFuture<Void> future : futures) {
            future.await(STREAM_WAIT);
        }
    }

    @Test
    void qos1StreamSurvivesAConnectionCutEvery200Milliseconds() throws Exception {
        int count = 3000;
        String topic = "fault/cut";
        ChaosProxy proxy = proxy();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        Service subscriber = service();
        ServiceEvents subscriberEvents = ServiceEvents.attach(subscriber, message -> {
            deliveries.incrementAndGet();
            received.add(message.payloadAsString());
        });
        subscriber.start(persistent(proxy.url(), "cut-subscriber"));
        subscriberEvents.awaitCount("online", 1);
        subscriber.subscribe(topic, 1).await(WAIT);
        Service publisher = service();
        ServiceEvents publisherEvents = ServiceEvents.attach(publisher);
        publisher.start(persistent(proxy.url(), "cut-publisher"));
        publisherEvents.awaitCount("online", 1);

        // Paced publishing (100 messages every 25 ms) keeps the stream running across several cuts.
        List<GenericFuture<Void>> futures = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch allPublished = new CountDownLatch(1);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try {
            scheduler.scheduleAtFixedRate(proxy::cutAll, 200, 200, TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(() -> {
                for (int n = 0; n < 100 && allPublished.getCount() > 0; n++) {
                    int i = next.getAndIncrement();
                    if (i >= count) {
                        allPublished.countDown();
                        return;
                    }
                    futures.add(publisher.publish(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1,
                            false));
                }
            }, 0, 25, TimeUnit.MILLISECONDS);
            assertThat(allPublished.await(STREAM_WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            for (GenericFuture<Void> future : futures) {
                future.await(STREAM_WAIT);
            }
            await().atMost(STREAM_WAIT).until(() -> received.size() == count);
        } finally {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        int duplicates = deliveries.get() - count;
        System.out.printf("cut stream: %d messages, %d duplicates, %d proxied connections%n", count, duplicates,
                proxy.acceptedCount());
        assertThat(received).hasSize(count);
        assertThat(duplicates).isNotNegative();
        assertThat(proxy.acceptedCount()).as("connections through the proxy, reconnects included")
                .isGreaterThan(2);
        assertThat(futures).hasSize(count).noneMatch(GenericFuture<Void>::isCancelled);
        assertThat(publisherEvents.count("offline") + subscriberEvents.count("offline"))
                .as("connections lost to the cuts").isGreaterThanOrEqualTo(3);
    }

    @Test
    void stalledConnectionIsDetectedByTheMissingPongAndReplaced() throws Exception {
        assertDetectsSilentNetwork(ChaosProxy::stall, ChaosProxy::resume, "stall");
    }

    @Test
    void blackHoledConnectionIsDetectedByTheMissingPongAndReplaced() throws Exception {
        assertDetectsSilentNetwork(p -> p.blackHole(true), p -> p.blackHole(false), "black-hole");
    }

    private void assertDetectsSilentNetwork(java.util.function.Consumer<ChaosProxy> fault,
            java.util.function.Consumer<ChaosProxy> repair, String name) throws Exception {
        ChaosProxy proxy = proxy();
        Service service = service();
        ServiceEvents events = ServiceEvents.attach(service);
        Config config = Config.builder(proxy.url()).clientId(name).keepAlive(Duration.ofMillis(300)).build();
        service.start(config);
        events.awaitCount("online", 1);
        service.subscribe("fault/" + name, 0).await(WAIT);

        long faultAt = System.nanoTime();
        fault.accept(proxy);
        events.awaitCount("offline", 1);
        System.out.printf("%s detected after about %d ms (keep-alive 300 ms)%n", name,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt));
        assertThat(events.errors()).first().isInstanceOf(ClientMissingPongException.class);
        repair.accept(proxy);
        events.awaitCount("online", 2);

        // The new connection works end to end, resubscription included.
        service.publish("fault/" + name, "after".getBytes(StandardCharsets.UTF_8), 0, false);
        events.awaitCount("message:fault/" + name + ":after", 1);
    }

    @Test
    void streamCompletesWithAddedLatency() throws Exception {
        int count = 300;
        String topic = "fault/latency";
        ChaosProxy proxy = proxy();
        proxy.latency(Duration.ofMillis(30));
        Set<String> received = ConcurrentHashMap.newKeySet();
        Service subscriber = service();
        ServiceEvents subscriberEvents = ServiceEvents.attach(subscriber, message -> received.add(message.payloadAsString()));
        subscriber.start(persistent(proxy.url(), "latency-subscriber"));
        subscriberEvents.awaitCount("online", 1);
        subscriber.subscribe(topic, 1).await(WAIT);
        Service publisher = service();
        ServiceEvents publisherEvents = ServiceEvents.attach(publisher);
        publisher.start(persistent(proxy.url(), "latency-publisher"));
        publisherEvents.awaitCount("online", 1);

        publishNumbered(publisher, topic, count);
        await().atMost(STREAM_WAIT).until(() -> received.size() == count);

        assertThat(publisherEvents.errors()).isEmpty();
        assertThat(subscriberEvents.errors()).isEmpty();
        assertThat(publisherEvents.list()).containsExactly("online(false)");
    }

    @Test
    void firstConnectToABrokerThatIsDownIsRetried() throws Exception {
        try (MosquittoBroker down = MosquittoBroker.builder().start()) {
            down.kill();
            Service service = service();
            ServiceEvents events = ServiceEvents.attach(service);
            service.start(Config.withClientId(down.url(), "late-broker"));
            await().atMost(WAIT).until(() -> events.errors().size() >= 2);
            assertThat(service.isStarted()).isTrue();
            assertThat(events.count("online")).isZero();
            assertThat(events.errors()).allSatisfy(e -> assertThat(e).isInstanceOf(ConnectionLostException.class)
                    .hasCauseInstanceOf(IOException.class));

            // Commands issued while the broker is down wait in the queue and go out in order once it is up.
            SubscribeFuture subscribed = service.subscribe("fault/late", 1);
            List<GenericFuture<Void>> published = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                published.add(service.publish("fault/late", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1,
                        false));
            }
            assertThat(published).noneMatch(GenericFuture<Void>::isDone);

            down.start();
            events.awaitCount("online", 1);
            subscribed.await(WAIT);
            for (GenericFuture<Void> future : published) {
                future.await(WAIT);
            }
            events.awaitCount("message:fault/late", 3);
            assertThat(events.messages()).extracting(Message::payloadAsString).containsExactly("0", "1", "2");
            service.stop(true);
        }
    }

    @Test
    void refusedMessageIsRedeliveredByTheBrokerAfterTheReconnect() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Service service = service();
        ServiceEvents events = ServiceEvents.attach(service, message -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
        });
        service.start(persistent(broker.url(), "redelivery"));
        events.awaitCount("online", 1);
        service.subscribe("fault/redelivery", 1).await(WAIT);

        Helpers.publishMessage(Config.of(broker.url()),
                new Message("fault/redelivery", "job".getBytes(StandardCharsets.UTF_8), 1, false), WAIT);
        events.awaitCount("message", 2);

        assertThat(events.list()).containsSubsequence("online(false)", "message:fault/redelivery:job",
                "error:IllegalStateException", "offline", "online(true)", "message:fault/redelivery:job");
        assertThat(events.messages()).allSatisfy(m -> assertThat(m.qos()).isEqualTo(1));
    }
}
