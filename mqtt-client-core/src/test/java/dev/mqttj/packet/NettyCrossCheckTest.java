package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cross-checks our codec against Netty's codec-mqtt in both directions, for every packet type. */
class NettyCrossCheckTest {
    private static final long SEED = 0xC0DEC_2026L;
    private static final int PACKETS_PER_TYPE = 150;
    private static final int NETTY_MAX_BYTES = 1 << 20;

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void nettyDecodesWhatWeEncode(PacketType type) {
        long seed = SEED + type.ordinal();
        RandomPackets gen = new RandomPackets(seed);
        for (int i = 0; i < PACKETS_PER_TYPE; i++) {
            Packet p = gen.of(type);
            EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(NETTY_MAX_BYTES));
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(PacketEncoder.encode(p)));
                MqttMessage decoded = channel.readInbound();
                try {
                    assertThat(decoded.decoderResult().isSuccess())
                            .as("seed %d #%d: Netty failed on %s: %s", seed, i, p, decoded.decoderResult())
                            .isTrue();
                    assertThat(decoded.fixedHeader().messageType().value()).isEqualTo(type.code());
                    assertThat(NettyInterop.fromNetty(decoded)).as("seed %d #%d", seed, i).isEqualTo(p);
                } finally {
                    ReferenceCountUtil.release(decoded);
                }
                assertThat((Object) channel.readInbound()).isNull();
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void weDecodeWhatNettyEncodes(PacketType type) throws Exception {
        long seed = SEED * 7 + type.ordinal();
        RandomPackets gen = new RandomPackets(seed);
        for (int i = 0; i < PACKETS_PER_TYPE; i++) {
            Packet p = gen.of(type);
            EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
            try {
                assertThat(channel.writeOutbound(NettyInterop.toNetty(p))).isTrue();
                ByteBuf encoded = channel.readOutbound();
                byte[] bytes;
                try {
                    bytes = ByteBufUtil.getBytes(encoded);
                } finally {
                    encoded.release();
                }
                assertThat(PacketDecoder.decode(bytes)).as("seed %d #%d", seed, i).isEqualTo(p);
                assertThat(bytes).as("seed %d #%d: same bytes as ours", seed, i).isEqualTo(PacketEncoder.encode(p));
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }
}
