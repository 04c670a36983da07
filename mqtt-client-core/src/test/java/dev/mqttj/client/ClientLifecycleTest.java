package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static dev.mqttj.client.FakeBrokerSupport.awaitLatch;
import static dev.mqttj.client.FakeBrokerSupport.awaitThreadsGone;
import static dev.mqttj.client.FakeBrokerSupport.config;
import static dev.mqttj.client.FakeBrokerSupport.connect;
import static dev.mqttj.client.FakeBrokerSupport.message;
import static dev.mqttj.client.FakeBrokerSupport.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Pingreq;
import dev.mqttj.packet.Pingresp;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Suback;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClientLifecycleTest {

    @Test
    void everyOperationNeedsAConnection() throws Exception {
        Client client = new Client();

        assertThatThrownBy(() -> client.publish("t", new byte[0], 0, false))
                .isInstanceOf(ClientNotConnectedException.class);
        assertThatThrownBy(() -> client.publish("t", new byte[0], 1, false))
                .isInstanceOf(ClientNotConnectedException.class);
        assertThatThrownBy(() -> client.subscribe("t", 0)).isInstanceOf(ClientNotConnectedException.class);
        assertThatThrownBy(() -> client.unsubscribe("t")).isInstanceOf(ClientNotConnectedException.class);
        assertThatThrownBy(client::disconnect).isInstanceOf(ClientNotConnectedException.class);
        assertThat(client.isConnected()).isFalse();

        client.close();
        client.close();
        assertThatThrownBy(() -> client.publish("t", new byte[0], 0, false))
                .isInstanceOf(ClientNotConnectedException.class);
        assertThat(client.getSession().allPackets(Direction.OUTGOING)).isEmpty();
    }

    @Test
    void disconnectWithoutTimeoutCancelsInFlightFuturesAndKeepsTheirPackets() throws Exception {
        String id = uniqueId("hard");
        Message message = message("test", "test", 1);
        Flow flow = Flow.create().receive(connect(id, 30, false)).send(ACCEPTED)
                .receive(new Publish(message, false, 1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).cleanSession(false).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message);

            client.disconnect();

            assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            broker.awaitDone(WAIT);
            assertThat(client.getSession().allPackets(Direction.OUTGOING))
                    .as("kept for the next connection").containsExactly(new Publish(message, false, 1));
            awaitThreadsGone(id);
        }
    }

    @Test
    void closeDropsTheConnectionWithoutDisconnect() throws Exception {
        String id = uniqueId("close");
        CountDownLatch published = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH).run(published::countDown)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message("t", "x", 1));
            awaitLatch(published);

            client.close();

            assertThat(future.isCancelled()).isTrue();
            assertThat(client.isConnected()).isFalse();
            broker.awaitDone(WAIT);
            assertThat(broker.transcript()).noneMatch(line -> line.contains("Disconnect"));
            awaitThreadsGone(id);
            assertTimeoutPreemptively(WAIT, client::close);
            assertThat(callback.errors).as("closing on purpose is no error").isEmpty();
        }
    }

    @Test
    void disconnectWithTimeoutWaitsForInFlightAcknowledgements() throws Exception {
        String id = uniqueId("graceful");
        Message message = message("test", "test", 1);
        Thread testThread = Thread.currentThread();
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receive(new Publish(message, false, 1))
                // Acknowledge only once the client is blocked in disconnect, waiting for this very PUBACK.
                .run(() -> await().atMost(WAIT).until(() -> testThread.getState() == Thread.State.TIMED_WAITING))
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message);

            client.disconnect(Duration.ofSeconds(10));

            assertThat(future.isDone()).isTrue();
            assertThat(future.isCancelled()).isFalse();
            assertThat(client.getSession().allPackets(Direction.OUTGOING)).isEmpty();
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
        }
    }

    @Test
    void disconnectWithTimeoutCancelsWhatIsStillPendingAfterIt() throws Exception {
        String id = uniqueId("graceful-timeout");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message("t", "never acked", 2));

            client.disconnect(Duration.ofMillis(200));

            assertThat(future.isCancelled()).isTrue();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void disconnectWithTimeoutStopsWaitingWhenTheConnectionDrops() throws Exception {
        String id = uniqueId("graceful-dropped");
        Thread testThread = Thread.currentThread();
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .run(() -> await().atMost(WAIT).until(() -> testThread.getState() == Thread.State.TIMED_WAITING))
                .close();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message("t", "x", 1));

            // Far longer than WAIT: returning within WAIT shows the wait ended with the connection.
            assertTimeoutPreemptively(WAIT, () -> {
                try {
                    client.disconnect(Duration.ofMinutes(1));
                } catch (MqttClientException expected) {
                    // The connection is gone, so DISCONNECT cannot be written.
                }
            });

            assertThat(future.isCancelled()).isTrue();
            assertThat(client.isConnected()).isFalse();
            assertThat(callback.awaitError()).isInstanceOf(IOException.class);
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void disconnectReturnsWhenTheBrokerStopsReading() throws Exception {
        String id = uniqueId("stalled");
        CountDownLatch release = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED)
                // Not reading for longer than the test waits for disconnect to return.
                .run(() -> awaitLatch(release, WAIT.multipliedBy(3)))
                .skip(PacketType.PUBLISH, PacketType.PINGREQ, PacketType.DISCONNECT)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).keepAlive(Duration.ofSeconds(1)).build()).await(WAIT);
            byte[] payload = new byte[64 * 1024];
            Thread publisher = new Thread(() -> {
                try {
                    while (true) {
                        client.publish("fill", payload, 0, false);
                    }
                } catch (MqttClientException expected) {
                    // Ends once the connection is gone.
                }
            }, "stalled-publisher");
            publisher.setDaemon(true);
            publisher.start();
            // Socket buffers and the write buffer are full once the publisher waits for room.
            await().atMost(WAIT).until(() -> publisher.getState() == Thread.State.WAITING);

            assertTimeoutPreemptively(WAIT, () -> {
                try {
                    client.disconnect();
                } catch (ConnectionLostException expected) {
                    // DISCONNECT could not be written to a broker that does not read.
                }
            });

            assertThat(client.isConnected()).isFalse();
            publisher.join(WAIT.toMillis());
            assertThat(publisher.isAlive()).isFalse();
            release.countDown();
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
        }
    }

    @Test
    void closeDoesNotWaitForADisconnectThatWaitsForAcknowledgements() throws Exception {
        String id = uniqueId("close-during-disconnect");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).build()).await(WAIT);
            GenericFuture<Void> future = client.publishMessage(message("t", "never acked", 1));
            AtomicReference<Throwable> disconnectOutcome = new AtomicReference<>();
            CountDownLatch disconnectReturned = new CountDownLatch(1);
            Thread disconnecting = new Thread(() -> {
                try {
                    client.disconnect(Duration.ofMinutes(1));
                } catch (Throwable t) {
                    disconnectOutcome.set(t);
                }
                disconnectReturned.countDown();
            }, "disconnecting");
            disconnecting.start();
            await().atMost(WAIT).until(() -> disconnecting.getState() == Thread.State.TIMED_WAITING);

            assertTimeoutPreemptively(WAIT, client::close);

            assertThat(future.isCancelled()).isTrue();
            awaitLatch(disconnectReturned);
            assertThat(disconnectOutcome.get()).isInstanceOf(ClientNotConnectedException.class);
            broker.awaitDone(WAIT);
            assertThat(broker.transcript()).noneMatch(line -> line.contains("Disconnect"));
            awaitThreadsGone(id);
        }
    }

    @Test
    void operationsBeforeConnackAreRefused() throws Exception {
        String id = uniqueId("connecting");
        CountDownLatch tried = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id))
                .run(() -> awaitLatch(tried))
                .send(ACCEPTED)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            ConnectFuture future = client.connect(config(broker, id).build());

            assertThatThrownBy(() -> client.publish("t", new byte[0], 1, false))
                    .isInstanceOf(ClientNotConnectedException.class);
            assertThatThrownBy(() -> client.subscribe("t", 0)).isInstanceOf(ClientNotConnectedException.class);
            assertThatThrownBy(client::disconnect).isInstanceOf(ClientNotConnectedException.class);
            assertThat(client.isConnected()).isFalse();
            tried.countDown();

            future.await(WAIT);
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void unexpectedCloseReportsExactlyOneErrorAndCancelsFutures() throws Exception {
        String id = uniqueId("dropped");
        CountDownLatch sent = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .receiveAny(PacketType.SUBSCRIBE)
                .receiveAny(PacketType.UNSUBSCRIBE)
                .run(() -> awaitLatch(sent))
                .close();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);
            List<GenericFuture<?>> futures = List.of(client.publishMessage(message("t", "x", 1)),
                    client.subscribe("t", 1), client.unsubscribe("t"));
            sent.countDown();

            Throwable error = callback.awaitError();

            assertThat(error).isInstanceOf(IOException.class);
            for (GenericFuture<?> future : futures) {
                assertThatThrownBy(() -> future.await(WAIT)).isInstanceOf(CancellationException.class);
            }
            assertThat(client.isConnected()).isFalse();
            assertThatThrownBy(client::disconnect).isInstanceOf(ClientNotConnectedException.class);
            client.close();
            broker.awaitDone(WAIT);
            awaitThreadsGone(id);
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void awaitOnTheCallbackThreadFailsFast() throws Exception {
        String id = uniqueId("callback-await");
        CountDownLatch published = new CountDownLatch(1);
        AtomicReference<GenericFuture<Void>> pending = new AtomicReference<>();
        AtomicReference<Throwable> awaitFailure = new AtomicReference<>();
        AtomicReference<Throwable> disconnectFailure = new AtomicReference<>();
        AtomicReference<Client> self = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .run(() -> awaitLatch(published))
                .send(new Publish(message("in", "x", 0), false, 0))
                .run(() -> awaitLatch(handled))
                .send(new Puback(1))
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            self.set(client);
            client.setCallback((message, error) -> {
                if (message == null) {
                    return;
                }
                try {
                    pending.get().await(WAIT);
                } catch (Throwable t) {
                    awaitFailure.set(t);
                }
                try {
                    self.get().disconnect(WAIT);
                } catch (Throwable t) {
                    disconnectFailure.set(t);
                }
                handled.countDown();
            });
            client.connect(config(broker, id).build()).await(WAIT);
            pending.set(client.publishMessage(message("out", "y", 1)));
            published.countDown();

            pending.get().await(WAIT);

            assertThat(awaitFailure.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mqtt-" + id + "-reader");
            assertThat(disconnectFailure.get()).isInstanceOf(IllegalStateException.class);
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void closeFromTheCallbackEndsTheClient() throws Exception {
        String id = uniqueId("callback-close");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED)
                .send(new Publish(message("in", "bye", 0), false, 0))
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder errors = new Recorder();
            AtomicReference<Client> self = new AtomicReference<>();
            Client client = new Client();
            self.set(client);
            client.setCallback((message, error) -> {
                if (message != null) {
                    self.get().close();
                } else {
                    errors.handle(null, error);
                }
            });
            client.connect(config(broker, id).build()).await(WAIT);

            broker.awaitDone(WAIT);

            assertThat(client.isConnected()).isFalse();
            awaitThreadsGone(id);
            assertThat(errors.errors).isEmpty();
        }
    }

    @Test
    void threadsEndAfterEveryWayOfStopping() throws Exception {
        String closed = uniqueId("threads-close");
        String disconnected = uniqueId("threads-disconnect");
        String dropped = uniqueId("threads-dropped");
        try (FakeBroker broker = FakeBroker.start(
                Flow.create().receive(connect(closed)).send(ACCEPTED).end(),
                Flow.create().receive(connect(disconnected)).send(ACCEPTED).receive(Disconnect.INSTANCE).end(),
                Flow.create().receive(connect(dropped)).send(ACCEPTED).close())) {
            Client first = new Client();
            first.connect(config(broker, closed).build()).await(WAIT);
            assertThat(threadNames()).contains("mqtt-" + closed + "-reader");
            first.close();
            awaitThreadsGone(closed);

            Client second = new Client();
            second.connect(config(broker, disconnected).build()).await(WAIT);
            second.disconnect();
            awaitThreadsGone(disconnected);

            Client third = new Client();
            Recorder callback = new Recorder();
            third.setCallback(callback);
            third.connect(config(broker, dropped).build()).await(WAIT);
            callback.awaitError();
            awaitThreadsGone(dropped);

            broker.awaitDone(WAIT);
        }
    }

    @Test
    void loggerSeesEveryPacketButNeverThePassword() throws Exception {
        String id = uniqueId("logger");
        String password = "pw-" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
        CountDownLatch received = new CountDownLatch(1);
        Flow flow = Flow.create().receiveAny(PacketType.CONNECT).send(ACCEPTED)
                .receiveAny(PacketType.SUBSCRIBE).send(new Suback(1, List.of(0)))
                .receiveAny(PacketType.PUBLISH).send(new Publish(message("test", "test", 0), false, 0))
                .run(received::countDown)
                .close();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setLogger(lines::add);
            client.setCallback(callback);
            String url = "tcp://user:" + password + "@127.0.0.1:" + broker.port();
            client.connect(Config.builder(url).clientId(id).build()).await(WAIT);
            client.subscribe("test", 0).await(WAIT);
            client.publish("test", "test".getBytes(), 0, false).await(WAIT);
            callback.nextMessage();
            awaitLatch(received);

            callback.awaitError();
            client.close();

            assertThat(lines).anyMatch(l -> l.startsWith("Sent: Connect"))
                    .anyMatch(l -> l.startsWith("Received: Connack"))
                    .anyMatch(l -> l.startsWith("Sent: Subscribe"))
                    .anyMatch(l -> l.startsWith("Received: Suback"))
                    .anyMatch(l -> l.startsWith("Sent: Publish"))
                    .anyMatch(l -> l.startsWith("Received: Publish"))
                    .anyMatch(l -> l.startsWith("Connection to tcp://user:****@127.0.0.1:" + broker.port() + " ended"))
                    .noneMatch(l -> l.contains(password));
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void sessionStoreFailureFailsThePublishAndClosesTheClient() throws Exception {
        String id = uniqueId("store-failure");
        Flow flow = Flow.create().receive(connect(id)).send(ACCEPTED).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            IOException diskFull = new IOException("disk full");
            MemorySession memory = new MemorySession();
            Session failing = new Session() {
                @Override
                public int nextId() {
                    return memory.nextId();
                }

                @Override
                public void savePacket(Direction direction, IdentifiedPacket packet) throws IOException {
                    throw diskFull;
                }

                @Override
                public IdentifiedPacket lookupPacket(Direction direction, int packetId) {
                    return memory.lookupPacket(direction, packetId);
                }

                @Override
                public void deletePacket(Direction direction, int packetId) {
                    memory.deletePacket(direction, packetId);
                }

                @Override
                public List<IdentifiedPacket> allPackets(Direction direction) {
                    return memory.allPackets(direction);
                }

                @Override
                public void reset() {
                    memory.reset();
                }
            };
            AtomicReference<String> callbackThread = new AtomicReference<>();
            Recorder callback = new Recorder() {
                @Override
                public void handle(Message message, Throwable error) throws Exception {
                    callbackThread.compareAndSet(null, Thread.currentThread().getName());
                    super.handle(message, error);
                }
            };
            Client client = new Client();
            client.setSession(failing);
            client.setCallback(callback);
            client.connect(config(broker, id).build()).await(WAIT);

            assertThatThrownBy(() -> client.publish("t", new byte[0], 1, false))
                    .isInstanceOf(MqttClientException.class).hasCause(diskFull);

            assertThat(client.isConnected()).isFalse();
            assertThatThrownBy(() -> client.publish("t", new byte[0], 0, false))
                    .isInstanceOf(ClientNotConnectedException.class);
            assertThat(callback.awaitError()).isInstanceOf(MqttClientException.class).hasCause(diskFull);
            assertThat(callbackThread.get()).isEqualTo("mqtt-" + id + "-reader");
            broker.awaitDone(WAIT);
            client.close();
            awaitThreadsGone(id);
            assertThat(callback.errors).hasSize(1);
        }
    }

    @Test
    void aLoggerThatThrowsDoesNotBreakTheClient() throws Exception {
        String id = uniqueId("bad-logger");
        CountDownLatch pinged = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED)
                .receive(new Publish(message("t", "x", 1), false, 1)).send(new Puback(1))
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .run(pinged::countDown)
                .skip(PacketType.PINGREQ)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.setLogger(line -> {
                throw new IllegalStateException("logger broken");
            });

            // Each PINGRESP must be handled within the interval, also on a loaded machine (see ClientKeepAliveTest).
            client.connect(config(broker, id).keepAlive(Duration.ofSeconds(1)).build()).await(WAIT);
            client.publishMessage(message("t", "x", 1)).await(WAIT);
            awaitLatch(pinged, broker);

            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
