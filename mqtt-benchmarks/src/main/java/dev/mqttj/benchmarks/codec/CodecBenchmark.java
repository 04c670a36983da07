package dev.mqttj.benchmarks.codec;

import dev.mqttj.packet.Connect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.MalformedPacketException;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketEncoder;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our packet codec beside Netty's codec-mqtt, on the same packets in the same run.
 *
 * <p>How the comparison is kept fair: both sides decode the same bytes from a heap buffer that holds one
 * whole packet, and both run their codec code directly (Netty's {@code MqttDecoder.decode} and
 * {@code MqttEncoder.doEncode} through {@link NettyCodecAccess}, no pipeline). Netty allocates its output
 * buffer from the channel's allocator (pooled by default) and the benchmark releases it; ours encodes into
 * one reused heap buffer, which is how the client's writer uses it. Netty's PUBLISH decode keeps a slice of
 * the input as payload while ours copies the payload into the {@link Message}'s own array, so the 4 KiB case
 * charges ours for a copy Netty defers to its caller; {@link #nettyDecodeToBytes()} adds that copy to
 * Netty's side. Run with {@code -prof gc} for bytes per operation.
 *
 * <p>The fork gets a fixed, pre-touched heap: with a growing heap, the first touch of each new page costs a
 * page fault, and a benchmark allocating 4 KiB per operation (a PUBLISH_4096 payload copy) then measured the
 * kernel, swinging from 50 thousand to 4.5 million operations a second between iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class CodecBenchmark {

    /** Which packet to encode and decode. */
    @Param({"PUBLISH_64", "PUBLISH_4096", "SUBSCRIBE", "CONNECT"})
    public String packet;

    private Packet ours;
    private MqttMessage netty;
    private ByteBuffer ourInput;
    /** The same packet with another topic of the same length, to defeat the decoder's repeated-topic reuse. */
    private ByteBuffer ourOtherInput;
    private boolean other;
    private ByteBuffer ourOutput;
    private ByteBuf nettyInput;
    private PacketDecoder decoder;
    private NettyCodecAccess nettyCodec;
    private final List<Object> nettyOut = new ArrayList<>(1);

    /** Builds the packet in both codecs' models and its encoded bytes. */
    @Setup(Level.Trial)
    public void setUp() {
        switch (packet) {
            case "PUBLISH_64":
                publish(64);
                break;
            case "PUBLISH_4096":
                publish(4096);
                break;
            case "SUBSCRIBE":
                subscribe();
                break;
            case "CONNECT":
                connect();
                break;
            default:
                throw new IllegalArgumentException("unknown packet " + packet);
        }
        byte[] bytes = PacketEncoder.encode(ours);
        ourInput = ByteBuffer.wrap(bytes);
        ourOtherInput = ourInput;
        if (ours instanceof Publish) {
            Message m = ((Publish) ours).message();
            String topic = m.topic().substring(0, m.topic().length() - 1) + "X";
            ourOtherInput = ByteBuffer.wrap(PacketEncoder.encode(
                    new Publish(new Message(topic, m.payload(), m.qos(), m.retain()), false, ((Publish) ours).id())));
        }
        ourOutput = ByteBuffer.allocate(bytes.length);
        nettyInput = Unpooled.wrappedBuffer(bytes);
        decoder = new PacketDecoder();
        nettyCodec = new NettyCodecAccess(1 << 20);
        ByteBuf check = nettyCodec.encode(netty);
        try {
            if (!ByteBufUtil.equals(check, Unpooled.wrappedBuffer(bytes))) {
                throw new IllegalStateException("Netty and ours encode " + packet + " differently");
            }
        } finally {
            check.release();
        }
    }

    /** Releases Netty's channel. */
    @TearDown(Level.Trial)
    public void tearDown() {
        nettyCodec.close();
    }

    /** Our encoder into a reused heap buffer. */
    @Benchmark
    public int oursEncode() {
        ByteBuffer out = ourOutput;
        out.clear();
        PacketEncoder.encode(ours, out);
        return out.position();
    }

    /** Netty's encoder; it allocates its output buffer from the channel's allocator. */
    @Benchmark
    public int nettyEncode() {
        ByteBuf out = nettyCodec.encode(netty);
        int written = out.readableBytes();
        out.release();
        return written;
    }

    /** Our streaming decoder, the whole packet already in the buffer. */
    @Benchmark
    public Packet oursDecode() throws MalformedPacketException {
        ourInput.clear();
        return decoder.decode(ourInput);
    }

    /**
     * Our decoder when every PUBLISH has another topic than the one before, so the topic string is
     * decoded and allocated every time (a stream on one topic, {@link #oursDecode()}, reuses it).
     */
    @Benchmark
    public Packet oursDecodeChangingTopic() throws MalformedPacketException {
        ByteBuffer input = other ? ourOtherInput : ourInput;
        other = !other;
        input.clear();
        return decoder.decode(input);
    }

    /** Netty's decoder on the same bytes; the decoded message is released as a handler would. */
    @Benchmark
    public Object nettyDecode() {
        nettyInput.readerIndex(0);
        nettyCodec.decode(nettyInput, nettyOut);
        Object message = nettyOut.get(0);
        nettyOut.clear();
        ReferenceCountUtil.release(message);
        return message;
    }

    /**
     * Netty's decoder plus copying a PUBLISH payload out of the input buffer into a byte[]: the same work
     * ours does, since a consumer that keeps the payload after the read buffer is reused must copy it.
     */
    @Benchmark
    public Object nettyDecodeToBytes() {
        nettyInput.readerIndex(0);
        nettyCodec.decode(nettyInput, nettyOut);
        Object message = nettyOut.get(0);
        nettyOut.clear();
        Object result = message;
        if (message instanceof MqttPublishMessage) {
            result = ByteBufUtil.getBytes(((MqttPublishMessage) message).payload());
        }
        ReferenceCountUtil.release(message);
        return result;
    }

    private void publish(int payloadSize) {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        String topic = "sensors/building-7/floor-3/temperature";
        ours = new Publish(new Message(topic, payload, 1, false), false, 4711);
        netty = MqttMessageFactory.newMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, 4711), Unpooled.wrappedBuffer(payload));
    }

    private void subscribe() {
        ours = new Subscribe(42, List.of(new Subscription("sensors/+/temperature", 1),
                new Subscription("home/livingroom/#", 0), new Subscription("alerts/critical", 2)));
        List<MqttTopicSubscription> subs = List.of(
                new MqttTopicSubscription("sensors/+/temperature", MqttQoS.AT_LEAST_ONCE),
                new MqttTopicSubscription("home/livingroom/#", MqttQoS.AT_MOST_ONCE),
                new MqttTopicSubscription("alerts/critical", MqttQoS.EXACTLY_ONCE));
        netty = MqttMessageFactory.newMessage(
                new MqttFixedHeader(MqttMessageType.SUBSCRIBE, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(42), new MqttSubscribePayload(subs));
    }

    private void connect() {
        byte[] willPayload = "device offline".getBytes(StandardCharsets.UTF_8);
        byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        ours = new Connect(ProtocolVersion.MQTT_3_1_1, "device-00042", 60, true,
                new Message("devices/device-00042/status", willPayload, 1, true), "device-user", password);
        netty = new MqttConnectMessage(new MqttFixedHeader(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnectVariableHeader("MQTT", 4, true, true, true, 1, true, true, 60),
                new MqttConnectPayload("device-00042", "devices/device-00042/status", willPayload, "device-user",
                        password));
    }
}
