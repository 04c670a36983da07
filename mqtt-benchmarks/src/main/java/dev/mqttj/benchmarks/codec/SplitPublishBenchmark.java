package dev.mqttj.benchmarks.codec;

import dev.mqttj.packet.MalformedPacketException;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.Publish;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A PUBLISH larger than one read: the decoder gets it in direct-buffer chunks of at most 64 KiB, the most
 * the client's read buffer holds. Run with {@code -prof gc}: the bytes allocated per operation show whether
 * the payload is gathered once, straight into the message's array, or gathered and then copied again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class SplitPublishBenchmark {
    private static final int READ_SIZE = 64 * 1024;

    /** The payload size in bytes. */
    @Param({"262144", "1048576"})
    public int payloadSize;

    private ByteBuffer[] reads;
    private final PacketDecoder decoder = new PacketDecoder();

    /** Encodes the packet and cuts it into read-sized direct buffers. */
    @Setup(Level.Trial)
    public void setUp() {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] packet = PacketEncoder.encode(
                new Publish(new Message("sensors/building-7/camera-2/frame", payload, 1, false), false, 4711));
        int count = (packet.length + READ_SIZE - 1) / READ_SIZE;
        reads = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            int from = i * READ_SIZE;
            ByteBuffer read = ByteBuffer.allocateDirect(Math.min(READ_SIZE, packet.length - from));
            read.put(packet, from, read.capacity()).flip();
            reads[i] = read;
        }
    }

    /** Feeds the reads in order; the last one completes the packet. */
    @Benchmark
    public Packet oursDecodeSplit() throws MalformedPacketException {
        Packet packet = null;
        for (ByteBuffer read : reads) {
            read.clear();
            packet = decoder.decode(read);
        }
        return packet;
    }
}
