package dev.mqttj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Publish;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoalescingWriterTest {

    /** Collects written bytes; can be told to block, like a peer that stopped reading. */
    static final class RecordingSink implements CoalescingWriter.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writeSizes = new ArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void write(ByteBuffer data) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (this) {
                writeSizes.add(data.remaining());
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        synchronized List<Packet> packets() throws IOException {
            PacketDecoder decoder = new PacketDecoder();
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            List<Packet> result = new ArrayList<>();
            for (Packet p = decoder.decode(buffer); p != null; p = decoder.decode(buffer)) {
                result.add(p);
            }
            return result;
        }
    }

    private static Publish publish(int id, int size) {
        return new Publish(new Message("t/" + id, new byte[size], 1, false), false, id);
    }

    @Test
    void writesEveryPacketInOrder() throws Exception {
        RecordingSink sink = new RecordingSink();
        CoalescingWriter writer = new CoalescingWriter(sink);
        List<Packet> sent = new ArrayList<>();
        for (int id = 1; id <= 5_000; id++) {
            Packet packet = id % 3 == 0 ? new Puback(id) : publish(id, id % 200);
            sent.add(packet);
            writer.send(packet);
        }
        writer.flush();
        assertThat(sink.packets()).containsExactlyElementsOf(sent);
        writer.close();
    }

    @Test
    void coalescesPacketsSentWhileTheWriterIsBusy() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.gate = new CountDownLatch(1);
        CoalescingWriter writer = new CoalescingWriter(sink);
        for (int id = 1; id <= 100; id++) {
            writer.send(publish(id, 10));
        }
        sink.gate.countDown();
        writer.flush();
        assertThat(sink.packets()).hasSize(100);
        // The first write may hold one packet; everything sent while it was blocked goes out together.
        assertThat(sink.writeSizes).hasSizeLessThanOrEqualTo(2);
        writer.close();
    }

    @Test
    void idleWriterThreadEndsAndTheNextPacketStartsANewOne() throws Exception {
        RecordingSink sink = new RecordingSink();
        CoalescingWriter writer = new CoalescingWriter(sink);
        writer.setName("idle-test");
        writer.send(publish(1, 10));
        writer.flush();
        assertThat(writer.writerAlive()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !writer.writerAlive());
        writer.send(publish(2, 10));
        writer.flush();
        assertThat(sink.packets()).extracting(p -> ((Publish) p).id()).containsExactly(1, 2);
        writer.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !writer.writerAlive());
    }

    @Test
    void publishersWaitAboveHighWaterButAcknowledgementsDoNot() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.gate = new CountDownLatch(1);
        CoalescingWriter writer = new CoalescingWriter(sink);
        writer.send(publish(1, 10)); // taken by the writer, which now blocks in the sink
        CompletableFuture<Void> filler = CompletableFuture.runAsync(() -> {
            try {
                for (int id = 2; id < 40; id++) {
                    writer.send(publish(id, 64 * 1024));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !filler.isDone());
        assertThat(filler).isNotDone();
        writer.send(new Puback(7)); // must not wait although the buffer is over the high-water mark
        sink.gate.countDown();
        filler.get(10, TimeUnit.SECONDS);
        writer.flush();
        assertThat(sink.packets()).hasSize(40);
        writer.close();
    }

    @Test
    void sendAfterCloseFailsWithTheConnectionName() {
        CoalescingWriter writer = new CoalescingWriter(new RecordingSink());
        writer.setName("closed-test");
        writer.close();
        assertThatThrownBy(() -> writer.send(new Puback(1))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed-test").hasMessageContaining("closed");
    }

    @Test
    void aFailedWriteFailsLaterSendsAndFlushes() throws Exception {
        CoalescingWriter writer = new CoalescingWriter(data -> {
            throw new IOException("broken pipe");
        });
        writer.send(new Puback(1));
        assertThatThrownBy(writer::flush).isInstanceOf(IOException.class).hasMessageContaining("broken pipe");
        assertThatThrownBy(() -> writer.send(new Puback(2))).isInstanceOf(IOException.class)
                .hasMessageContaining("broken pipe");
        writer.close();
    }

    @Test
    void acknowledgementsFromTheReaderGoOutTogetherOnceItRunsOutOfInput() throws Exception {
        RecordingSink sink = new RecordingSink();
        CoalescingWriter writer = new CoalescingWriter(sink);
        writer.send(publish(1, 10));
        writer.flush();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            writer.exemptFromBackPressure(Thread.currentThread());
            try {
                await().atMost(Duration.ofSeconds(10)).until(writer::writerIsWaiting);
                for (int id = 1; id <= 50; id++) {
                    writer.send(new Puback(id));
                }
                writer.wakeDeferred();
                writer.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        reader.get(10, TimeUnit.SECONDS);
        List<Packet> packets = sink.packets();
        assertThat(packets).hasSize(51);
        assertThat(packets.get(50)).isEqualTo(new Puback(50));
        // One write for the publish, one for all fifty acknowledgements.
        assertThat(sink.writeSizes).containsExactly(PacketEncoder.encodedLength(publish(1, 10)), 50 * 4);
        writer.close();
    }
}
