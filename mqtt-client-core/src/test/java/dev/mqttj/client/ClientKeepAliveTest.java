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

import dev.mqttj.client.FakeBrokerSupport.Recorder;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketType;
import dev.mqttj.packet.Pingreq;
import dev.mqttj.packet.Pingresp;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClientKeepAliveTest {

    /**
     * The client gives up when a PINGRESP is not handled within one interval. 250 ms is too little for a
     * loaded two-core machine: there a scripted broker in this JVM took up to 0.85 s to answer a CONNECT
     * (three answers in a thousand took over 250 ms).
     */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    @Test
    void pingsAfterSendSilenceAndAcceptsPingresp() throws Exception {
        String id = uniqueId("ping");
        CountDownLatch twoRounds = new CountDownLatch(1);
        // CONNECT carries the keep-alive in whole seconds.
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED)
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .run(twoRounds::countDown)
                .skip(PacketType.PINGREQ)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            List<String> lines = new CopyOnWriteArrayList<>();
            Client client = new Client();
            client.setCallback(callback);
            client.setLogger(lines::add);
            client.connect(config(broker, id).keepAlive(KEEP_ALIVE).build()).await(WAIT);

            awaitLatch(twoRounds, broker);

            assertThat(client.isConnected()).as("the first PINGRESP was accepted").isTrue();
            // The timer logs a ping after writing it and the reader logs a pong before handling it.
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(lines).filteredOn(line -> line.startsWith("Sent: Pingreq")).hasSizeGreaterThanOrEqualTo(2);
                assertThat(lines).filteredOn(line -> line.startsWith("Received: Pingresp"))
                        .hasSizeGreaterThanOrEqualTo(2);
            });
            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    @Test
    void pingrespHandledBeforeThePingIsTrackedStillCounts() throws Exception {
        String id = uniqueId("fast-pong");
        CountDownLatch twoRounds = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED)
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .run(twoRounds::countDown)
                .skip(PacketType.PINGREQ)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            Dialer dialer = url -> new PongBeforePingReturns(Dialer.defaultDialer().dial(url));
            client.connect(config(broker, id).keepAlive(KEEP_ALIVE).dialer(dialer).build()).await(WAIT);

            awaitLatch(twoRounds, broker);

            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(callback.errors).isEmpty();
        }
    }

    /**
     * A callback that takes longer than two keep-alive intervals keeps the reader from reading the PINGRESP: that
     * is not a dead connection. The client pings again meanwhile, so the broker's keep-alive stays satisfied, and
     * the connection lives on once the callback returns.
     */
    @Test
    void slowCallbackIsNotMistakenForAMissingPong() throws Exception {
        String id = uniqueId("slow-callback");
        CountDownLatch brokerPingedTwice = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED)
                .send(new dev.mqttj.packet.Publish(message("slow/topic", "hold the reader", 0), false, 0))
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .receive(Pingreq.INSTANCE).send(Pingresp.INSTANCE)
                .run(brokerPingedTwice::countDown)
                .skip(PacketType.PINGREQ)
                .receive(new dev.mqttj.packet.Publish(message("after/slow", "alive", 0), false, 0))
                .skip(PacketType.PINGREQ)
                .receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            CountDownLatch callbackReturned = new CountDownLatch(1);
            Client client = new Client();
            client.setCallback((message, error) -> {
                if (error != null) {
                    errors.add(error);
                    return;
                }
                // Holds the reader until the broker saw a second PINGREQ: at least two intervals.
                brokerPingedTwice.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                callbackReturned.countDown();
            });
            client.connect(config(broker, id).keepAlive(KEEP_ALIVE).build()).await(WAIT);

            awaitLatch(callbackReturned, broker);
            client.publishMessage(message("after/slow", "alive", 0));

            assertThat(client.isConnected()).isTrue();
            assertThat(errors).isEmpty();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    @Test
    void missingPingrespClosesTheClientWithMissingPong() throws Exception {
        String id = uniqueId("no-pong");
        CountDownLatch published = new CountDownLatch(1);
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED)
                .receiveAny(PacketType.PUBLISH)
                .run(() -> awaitLatch(published))
                // Never answered; on a loaded machine the client may give up before the ping is read here.
                .skip(PacketType.PINGREQ)
                .end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Recorder callback = new Recorder();
            Client client = new Client();
            client.setCallback(callback);
            client.connect(config(broker, id).keepAlive(KEEP_ALIVE).build()).await(WAIT);
            GenericFuture<Void> pending = client.publishMessage(message("t", "never acked", 1));
            published.countDown();

            assertThat(callback.awaitError()).isInstanceOf(ClientMissingPongException.class);

            assertThatThrownBy(() -> pending.await(WAIT)).isInstanceOf(CancellationException.class)
                    .cause().isInstanceOf(ClientMissingPongException.class);
            assertThat(client.isConnected()).isFalse();
            broker.awaitDone(WAIT);
            client.close();
            assertThat(callback.errors).hasSize(1);
            awaitThreadsGone(id);
        }
    }

    @Test
    void missingPongIsReportedOnTheReaderThreadNotOnTheSharedTimer() throws Exception {
        String id = uniqueId("no-pong-thread");
        Flow flow = Flow.create().receive(connect(id, 1, true)).send(ACCEPTED).skip(PacketType.PINGREQ).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch reported = new CountDownLatch(1);
            Client client = new Client();
            client.setCallback((message, error) -> {
                thread.set(Thread.currentThread().getName());
                reported.countDown();
            });
            client.connect(config(broker, id).keepAlive(KEEP_ALIVE).build()).await(WAIT);

            awaitLatch(reported);

            // A callback on the timer would stall the keep-alive of every other client while it runs.
            assertThat(thread.get()).isEqualTo("mqtt-" + id + "-reader");
            broker.awaitDone(WAIT);
            client.close();
        }
    }

    @Test
    void keepAliveZeroNeverPings() throws Exception {
        String id = uniqueId("no-ping");
        Flow flow = Flow.create().receive(connect(id, 0, true)).send(ACCEPTED).receive(Disconnect.INSTANCE).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            Client client = new Client();
            client.connect(config(broker, id).keepAlive(Duration.ZERO).build()).await(WAIT);

            // Three times the interval the ping test uses; a PINGREQ would also fail the flow at DISCONNECT.
            await().during(KEEP_ALIVE.multipliedBy(3)).atMost(KEEP_ALIVE.multipliedBy(3).plus(WAIT))
                    .until(() -> broker.transcript().stream().noneMatch(line -> line.contains("Pingreq")));

            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            broker.awaitDone(WAIT);
        }
    }

    /**
     * Holds the thread that sends PINGREQ until the reader has handled the PINGRESP, the order a
     * busy machine can produce when the sending thread is descheduled right after the write.
     */
    private static final class PongBeforePingReturns extends ForwardingConnection {
        private final Semaphore pongHandled = new Semaphore(0);
        private volatile boolean pongReturned;

        PongBeforePingReturns(Connection delegate) {
            super(delegate);
        }

        @Override
        public void send(Packet packet) throws IOException {
            delegate.send(packet);
            if (packet.type() == PacketType.PINGREQ) {
                delegate.flush();
                try {
                    pongHandled.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Packet receive() throws IOException {
            // The reader asks for the next packet only after it handled the previous one.
            if (pongReturned) {
                pongReturned = false;
                pongHandled.release();
            }
            Packet packet = delegate.receive();
            pongReturned = packet.type() == PacketType.PINGRESP;
            return packet;
        }
    }
}
