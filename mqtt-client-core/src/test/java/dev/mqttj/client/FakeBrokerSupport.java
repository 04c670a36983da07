package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.session.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Packets, configs and a recording callback shared by the client tests that run against a {@link FakeBroker}. */
final class FakeBrokerSupport {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Connack ACCEPTED = new Connack(false, ConnackCode.ACCEPTED);
    static final Connack RESUMED = new Connack(true, ConnackCode.ACCEPTED);

    private static final AtomicInteger IDS = new AtomicInteger();

    private FakeBrokerSupport() {
    }

    /** A client id no other test uses, so thread-name checks see only this test's client. */
    static String uniqueId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    /** The CONNECT a config with this id, a 30 s keep-alive and a clean session sends. */
    static Connect connect(String clientId) {
        return connect(clientId, 30, true);
    }

    static Connect connect(String clientId, int keepAliveSeconds, boolean cleanSession) {
        return new Connect(ProtocolVersion.MQTT_3_1_1, clientId, keepAliveSeconds, cleanSession, null, null, null);
    }

    static Config.Builder config(FakeBroker broker, String clientId) {
        return Config.builder(broker.url()).clientId(clientId);
    }

    /** A client with {@code callback}, connected to {@code broker} with the default config for {@code clientId}. */
    static Client connectedClient(FakeBroker broker, String clientId, Callback callback) throws Exception {
        Client client = new Client();
        client.setCallback(callback);
        client.connect(config(broker, clientId).build()).await(WAIT);
        return client;
    }

    static Message message(String topic, String payload, int qos) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    /** The client's stored packets of one direction; usable inside a flow's run step. */
    static List<IdentifiedPacket> stored(Client client, Direction direction) {
        try {
            return client.getSession().allPackets(direction);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitThreadsGone(String clientId) {
        String prefix = "mqtt-" + clientId + "-";
        await().atMost(WAIT).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive)
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith(prefix)));
    }

    static void awaitLatch(CountDownLatch latch) {
        awaitLatch(latch, WAIT);
    }

    static void awaitLatch(CountDownLatch latch, Duration timeout) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for a latch a flow releases; on timeout, fails with the broker's transcript. */
    static void awaitLatch(CountDownLatch latch, FakeBroker broker) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                broker.awaitDone(Duration.ofMillis(1));
                throw new AssertionError("latch not released within " + WAIT + "\n" + broker.transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A callback that records messages and errors; optionally throws on messages. */
    static class Recorder implements Callback {
        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        /** Every message ever handed to the callback, unaffected by {@link #nextMessage()}. */
        final List<Message> received = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch firstError = new CountDownLatch(1);
        private final Exception toThrow;

        Recorder() {
            this(null);
        }

        Recorder(Exception toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public void handle(Message message, Throwable error) throws Exception {
            if (error != null) {
                errors.add(error);
                firstError.countDown();
                return;
            }
            received.add(message);
            messages.add(message);
            if (toThrow != null) {
                throw toThrow;
            }
        }

        Message nextMessage() throws InterruptedException {
            Message message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("message within " + WAIT).isNotNull();
            return message;
        }

        Throwable awaitError() {
            awaitLatch(firstError);
            return errors.get(0);
        }
    }
}
