package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.session.Direction;
import dev.mqttj.session.MemorySession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The incoming QoS flows on their own, without a socket: announcement, deferral, order and back-pressure. */
class IncomingFlowTest {

    private final MemorySession session = new MemorySession();
    private final RecordingPort port = new RecordingPort();
    private final Map<Integer, Acknowledgement> deferred = new ConcurrentHashMap<>();
    private final List<ReceivedMessage> received = new CopyOnWriteArrayList<>();

    /** Defers the acknowledgement of every message whose payload starts with "defer". */
    private final MessageHandler deferring = message -> {
        received.add(message);
        if (message.message().payloadAsString().startsWith("defer")) {
            deferred.put(message.packetId(), message.deferAcknowledgement());
        }
    };

    private IncomingFlow flow(boolean announceOnPublish, int maxPending, MessageHandler handler) {
        return new IncomingFlow(session, port, announceOnPublish, maxPending, null, handler);
    }

    private static Publish publish(int id, int qos, String payload, boolean dup) {
        return new Publish(new Message("t/" + id, payload.getBytes(StandardCharsets.UTF_8), qos, false), dup, id);
    }

    @Test
    void aQos1MessageIsAcknowledgedWhenTheHandlerReturns() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        assertThat(flow.publish(publish(7, 1, "now", true))).isTrue();
        assertThat(port.sent).containsExactly(new Puback(7));
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.duplicate()).isTrue();
            assertThat(message.packetId()).isEqualTo(7);
            assertThat(message.message().topic()).isEqualTo("t/7");
        });
    }

    @Test
    void deferredAcknowledgementsLeaveInArrivalOrder() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        flow.publish(publish(1, 1, "defer", false));
        flow.publish(publish(2, 1, "now", false));
        flow.publish(publish(3, 1, "defer", false));
        assertThat(port.sent).as("nothing may overtake message 1").isEmpty();

        deferred.get(3).acknowledge();
        assertThat(port.sent).isEmpty();
        deferred.get(1).acknowledge();
        assertThat(port.sent).containsExactly(new Puback(1), new Puback(2), new Puback(3));
        assertThat(flow.outstanding()).isZero();

        deferred.get(1).acknowledge();
        assertThat(port.sent).as("a second acknowledge counts nothing").hasSize(3);
        flow.publish(publish(4, 1, "now", false));
        assertThat(port.sent).endsWith(new Puback(4));
    }

    @Test
    void acknowledgementsFromOtherThreadsKeepTheOrder() throws Exception {
        IncomingFlow flow = flow(false, 1000, deferring);
        for (int id = 1; id <= 500; id++) {
            flow.publish(publish(id, 1, id % 3 == 0 ? "now" : "defer", false));
        }
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (Acknowledgement ack : deferred.values()) {
            Thread thread = new Thread(ack::acknowledge);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(port.sent).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(port.sent.get(i)).isEqualTo(new Puback(i + 1));
        }
    }

    @Test
    void theReaderStopsAtTheLimitUntilAnAcknowledgementGoesOut() throws Exception {
        IncomingFlow flow = flow(false, 2, deferring);
        flow.publish(publish(1, 1, "defer", false));
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.set(flow.publish(publish(2, 1, "defer", false)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "reader");
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
        assertThat(result.get()).isNull();

        deferred.get(1).acknowledge();
        reader.join(10_000);
        assertThat(result.get()).isTrue();
        assertThat(port.sent).containsExactly(new Puback(1));
    }

    @Test
    void closingWakesAWaitingReaderAndLaterAcknowledgementsSendNothing() throws Exception {
        IncomingFlow flow = flow(false, 1, deferring);
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.set(flow.publish(publish(1, 1, "defer", false)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "reader");
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);

        flow.close();
        reader.join(10_000);
        assertThat(result.get()).isFalse();
        deferred.get(1).acknowledge();
        assertThat(port.sent).isEmpty();
    }

    @Test
    void refusingEndsTheConnectionFromOutsideWithTheReason() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        flow.publish(publish(9, 1, "defer", false));
        IllegalStateException reason = new IllegalStateException("database down");

        deferred.get(9).refuse(reason);

        assertThat(port.failures).singleElement().isInstanceOf(ConnectionLostException.class)
                .satisfies(failure -> assertThat(failure).hasMessageContaining("message 9 on 't/9' refused")
                        .hasCause(reason));
        deferred.get(9).acknowledge();
        assertThat(port.sent).isEmpty();
        assertThatThrownBy(() -> deferred.get(9).refuse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusingInsideTheHandlerEndsTheConnection() throws Exception {
        IllegalStateException reason = new IllegalStateException("cannot store it now");
        IncomingFlow flow = flow(false, 10, message -> message.deferAcknowledgement().refuse(reason));
        flow.publish(publish(3, 1, "x", false));
        assertThat(port.failures).singleElement().satisfies(failure -> assertThat(failure).hasCause(reason));
        assertThat(port.sent).isEmpty();
    }

    @Test
    void theReaderWritesWhatItSentBeforeItWaits() throws Exception {
        IncomingFlow flow = flow(false, 1, deferring);
        Thread reader = new Thread(() -> {
            try {
                flow.publish(publish(1, 1, "defer", false));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "reader");
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
        assertThat(port.flushes).isEqualTo(1);
        flow.close();
        reader.join(10_000);
    }

    @Test
    void aHandledQos2MessageWaitingBehindADeferredOneIsAlreadyInTheSession() throws Exception {
        IncomingFlow flow = flow(true, 10, deferring);
        flow.publish(publish(1, 2, "defer", false));
        flow.publish(publish(2, 2, "now", false));
        assertThat(port.sent).as("PUBREC 2 waits for PUBREC 1").isEmpty();
        assertThat(session.lookupPacket(Direction.INCOMING, 2))
                .as("stored at once: after a reconnect it is not announced again").isNotNull();
        assertThat(session.lookupPacket(Direction.INCOMING, 1)).as("not acknowledged yet").isNull();

        flow.publish(publish(2, 2, "now", true));
        assertThat(port.sent).as("a redelivery's PUBREC keeps its place too").isEmpty();
        deferred.get(1).acknowledge();
        assertThat(port.sent).containsExactly(new Pubrec(1), new Pubrec(2), new Pubrec(2));
        assertThat(received).as("the redelivery is not announced").hasSize(2);
    }

    @Test
    void aHandledQos2MessageIsDeletedFromTheSessionBeforeItsPubcompLeaves() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        flow.publish(publish(1, 2, "defer", false));
        flow.publish(publish(2, 2, "now", false));
        flow.pubrel(1);
        flow.pubrel(2);
        assertThat(port.sent).containsExactly(new Pubrec(1), new Pubrec(2));
        assertThat(session.lookupPacket(Direction.INCOMING, 2)).isNull();
        assertThat(session.lookupPacket(Direction.INCOMING, 1)).isNotNull();
        deferred.get(1).acknowledge();
        assertThat(port.sent).endsWith(new Pubcomp(1), new Pubcomp(2));
    }

    @Test
    void aSessionThatFailsOnAcknowledgementEndsTheConnection() throws Exception {
        IOException broken = new IOException("disk full");
        dev.mqttj.session.Session failing = new FailingSession(broken);
        IncomingFlow flow = new IncomingFlow(failing, port, true, 10, null, deferring);
        flow.publish(publish(1, 2, "defer", false));
        deferred.get(1).acknowledge();
        assertThat(port.failures).singleElement().satisfies(failure -> assertThat(failure).hasCause(broken));
        assertThat(port.sent).isEmpty();
    }

    @Test
    void aFailedWriteWhileDrainingEndsTheConnection() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        flow.publish(publish(1, 1, "defer", false));
        port.failWrites = new IOException("connection reset");
        deferred.get(1).acknowledge();
        assertThat(port.failures).singleElement().isSameAs(port.failWrites);
        assertThat(flow.publish(publish(2, 1, "defer", false))).as("the flow is closed").isFalse();
    }

    @Test
    void aThrowingHandlerEndsTheConnectionWithoutAcknowledging() throws Exception {
        IllegalStateException refusal = new IllegalStateException("no");
        IncomingFlow flow = flow(false, 10, message -> {
            throw refusal;
        });
        assertThat(flow.publish(publish(5, 1, "x", false))).isFalse();
        assertThat(port.sent).isEmpty();
        assertThat(port.deaths).containsExactly(refusal);
    }

    @Test
    void qos2ByDefaultSendsPubrecOnArrivalAndDefersThePubcomp() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        flow.publish(publish(4, 2, "defer", false));
        assertThat(received).as("announced on PUBREL").isEmpty();
        assertThat(port.sent).containsExactly(new Pubrec(4));
        assertThat(session.lookupPacket(Direction.INCOMING, 4)).isNotNull();

        flow.pubrel(4);
        assertThat(received).hasSize(1);
        assertThat(port.sent).containsExactly(new Pubrec(4));
        assertThat(session.lookupPacket(Direction.INCOMING, 4)).as("kept until PUBCOMP").isNotNull();

        deferred.get(4).acknowledge();
        assertThat(port.sent).containsExactly(new Pubrec(4), new Pubcomp(4));
        assertThat(session.lookupPacket(Direction.INCOMING, 4)).isNull();
    }

    @Test
    void qos2AnnouncedOnPublishDefersThePubrecAndItsStorage() throws Exception {
        IncomingFlow flow = flow(true, 10, deferring);
        flow.publish(publish(6, 2, "defer", false));
        assertThat(received).hasSize(1);
        assertThat(port.sent).isEmpty();
        assertThat(session.lookupPacket(Direction.INCOMING, 6)).isNull();

        deferred.get(6).acknowledge();
        assertThat(port.sent).containsExactly(new Pubrec(6));
        assertThat(session.lookupPacket(Direction.INCOMING, 6)).isNotNull();
        flow.pubrel(6);
        assertThat(port.sent).containsExactly(new Pubrec(6), new Pubcomp(6));
        assertThat(received).as("announced once").hasSize(1);
    }

    @Test
    void qos0HasNothingToAcknowledge() throws Exception {
        IncomingFlow flow = flow(false, 10, deferring);
        flow.publish(new Publish(Message.of("zero", "defer"), false, 0));
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.packetId()).isZero();
            assertThat(message.duplicate()).isFalse();
        });
        deferred.get(0).acknowledge();
        assertThat(port.sent).isEmpty();
        flow.publish(publish(1, 1, "now", false));
        assertThat(port.sent).as("a QoS 0 deferral holds nothing up").containsExactly(new Puback(1));
    }

    @Test
    void deferringOutsideTheHandlerIsRefused() throws Exception {
        IncomingFlow flow = flow(false, 10, received::add);
        flow.publish(publish(1, 1, "x", false));
        assertThatThrownBy(() -> received.get(0).deferAcknowledgement())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before it returns");
        IncomingFlow twice = flow(false, 10, message -> {
            message.deferAcknowledgement();
            message.deferAcknowledgement();
        });
        assertThat(twice.publish(publish(2, 1, "x", false))).isFalse();
        assertThat(port.deaths).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCallbackGetsMessagesWhenNoHandlerIsSet() throws Exception {
        List<Message> messages = new CopyOnWriteArrayList<>();
        IncomingFlow flow = new IncomingFlow(session, port, false, 10, (message, error) -> messages.add(message), null);
        flow.publish(publish(3, 1, "cb", false));
        assertThat(messages).extracting(Message::payloadAsString).containsExactly("cb");
        assertThat(port.sent).containsExactly(new Puback(3));
    }

    /** A session whose writes fail, as a full disk makes a file session's. */
    private static final class FailingSession implements dev.mqttj.session.Session {
        private final IOException failure;
        private final MemorySession reads = new MemorySession();

        FailingSession(IOException failure) {
            this.failure = failure;
        }

        @Override
        public int nextId() {
            return reads.nextId();
        }

        @Override
        public void savePacket(Direction direction, dev.mqttj.packet.IdentifiedPacket packet) throws IOException {
            throw failure;
        }

        @Override
        public dev.mqttj.packet.IdentifiedPacket lookupPacket(Direction direction, int id) throws IOException {
            return reads.lookupPacket(direction, id);
        }

        @Override
        public void deletePacket(Direction direction, int id) throws IOException {
            throw failure;
        }

        @Override
        public List<dev.mqttj.packet.IdentifiedPacket> allPackets(Direction direction) throws IOException {
            return reads.allPackets(direction);
        }

        @Override
        public void reset() throws IOException {
            reads.reset();
        }
    }

    /** Records what the flow sends and how it ends the connection. */
    private static final class RecordingPort implements IncomingFlow.Port {
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        final List<Throwable> deaths = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        IOException failWrites;

        @Override
        public void send(Packet packet) throws IOException {
            if (failWrites != null) {
                throw failWrites;
            }
            sent.add(packet);
        }

        @Override
        public void die(Throwable error, boolean fromCallback) {
            deaths.add(error);
        }

        @Override
        public void failFromOutside(Throwable error) {
            failures.add(error);
        }

        @Override
        public void flush() {
            flushes++;
        }

        int flushes;
    }
}
