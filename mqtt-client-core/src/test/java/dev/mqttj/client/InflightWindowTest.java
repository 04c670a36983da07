package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The send window on its own, with a list for a connection. */
class InflightWindowTest {

    private static final long WAIT_MS = 5_000;

    private static Publish publish(int id) {
        return new Publish(new Message("t", new byte[] {(byte) id}, 1, false), false, id);
    }

    private static List<Integer> ids(List<IdentifiedPacket> packets) {
        List<Integer> ids = new ArrayList<>();
        for (IdentifiedPacket packet : packets) {
            ids.add(packet.id());
        }
        return ids;
    }

    @Test
    void writesUpToTheLimitAndTheRestInOrderAsPlacesAreFreed() throws Exception {
        List<IdentifiedPacket> written = new ArrayList<>();
        InflightWindow window = new InflightWindow(2, written::add);
        for (int id = 1; id <= 5; id++) {
            window.send(publish(id));
        }
        assertThat(ids(written)).containsExactly(1, 2);
        assertThat(window.waiting()).isEqualTo(3);

        window.release(2);
        assertThat(ids(written)).containsExactly(1, 2, 3);
        window.release(1);
        window.release(3);
        assertThat(ids(written)).containsExactly(1, 2, 3, 4, 5);
        assertThat(window.inflight()).isEqualTo(2);
        assertThat(window.waiting()).isZero();
    }

    @Test
    void onlyTheAcknowledgementOfAWrittenFlowFreesAPlace() throws Exception {
        List<IdentifiedPacket> written = new ArrayList<>();
        InflightWindow window = new InflightWindow(1, written::add);
        window.send(new Pubrel(7));
        window.send(publish(8));

        window.release(8); // still waiting: not written, holds no place
        window.release(99); // unknown
        assertThat(ids(written)).containsExactly(7);

        window.release(7);
        window.release(7); // a duplicate frees nothing more
        window.send(publish(9));
        assertThat(ids(written)).containsExactly(7, 8);
        assertThat(window.inflight()).isEqualTo(1);
        assertThat(window.waiting()).isEqualTo(1);
    }

    @Test
    void aFailedWriteKeepsThePacketFirstInLineAndItsPlaceFree() throws Exception {
        List<IdentifiedPacket> written = new ArrayList<>();
        AtomicReference<IOException> failure = new AtomicReference<>();
        InflightWindow window = new InflightWindow(1, packet -> {
            IOException e = failure.getAndSet(null);
            if (e != null) {
                throw e;
            }
            written.add(packet);
        });
        window.send(publish(1));
        window.send(publish(2));
        failure.set(new IOException("broken"));

        assertThatThrownBy(() -> window.release(1)).hasMessage("broken");
        assertThat(window.inflight()).isZero();
        window.send(publish(3));
        assertThat(ids(written)).containsExactly(1, 2);
        assertThat(window.waiting()).isEqualTo(1);
    }

    @Test
    void theReaderNeverWaitsForAWriterThatHoldsTheWindow() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        List<IdentifiedPacket> written = new CopyOnWriteArrayList<>();
        InflightWindow window = new InflightWindow(1, packet -> {
            written.add(packet);
            if (packet.id() == 1) {
                // A user thread stuck in back-pressure while it holds the window's lock.
                writing.countDown();
                await(unblock);
            }
        });
        CompletableFuture<Void> user = CompletableFuture.runAsync(() -> {
            try {
                window.send(publish(1));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await(writing);

        // The reader: an acknowledgement and a packet of its own, handed over instead of waiting.
        CompletableFuture.runAsync(() -> {
            try {
                window.release(1);
                window.sendFromReader(publish(2));
                window.sendFromReader(publish(3));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(ids(written)).containsExactly(1);

        unblock.countDown();
        user.get(WAIT_MS, TimeUnit.MILLISECONDS);
        // The writer settled the reader's work when it unlocked: one place, so 2 goes and 3 waits.
        assertThat(ids(written)).containsExactly(1, 2);
        window.release(2);
        assertThat(ids(written)).containsExactly(1, 2, 3);
    }

    @Test
    void concurrentPublishersAndAnAcknowledgingReaderKeepTheLimitAndEachPublishersOrder() throws Exception {
        int limit = 8;
        int threads = 4;
        int perThread = 2_000;
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        BlockingQueue<IdentifiedPacket> toAcknowledge = new LinkedBlockingQueue<>();
        List<IdentifiedPacket> written = new CopyOnWriteArrayList<>();
        InflightWindow window = new InflightWindow(limit, packet -> {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            written.add(packet);
            toAcknowledge.add(packet);
        });
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < threads * perThread; i++) {
                    IdentifiedPacket packet = toAcknowledge.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                    if (packet == null) {
                        return;
                    }
                    outstanding.decrementAndGet();
                    window.release(packet.id());
                }
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = 1 + t * perThread;
            publishers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int id = first; id < first + perThread; id++) {
                        window.send(publish(id));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Void> publisher : publishers) {
            publisher.get(WAIT_MS, TimeUnit.MILLISECONDS);
        }
        reader.join(Duration.ofMillis(WAIT_MS).toMillis());

        assertThat(reader.isAlive()).isFalse();
        assertThat(written).hasSize(threads * perThread);
        assertThat(maxOutstanding.get()).isLessThanOrEqualTo(limit);
        List<Integer> order = ids(written);
        for (int t = 0; t < threads; t++) {
            int first = 1 + t * perThread;
            assertThat(order).filteredOn(id -> id >= first && id < first + perThread).isSorted().hasSize(perThread);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
