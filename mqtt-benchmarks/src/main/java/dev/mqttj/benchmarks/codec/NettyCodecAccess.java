package dev.mqttj.benchmarks.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Calls Netty codec-mqtt's encode and decode paths directly, without a channel pipeline in between, so the
 * benchmark compares codec work with codec work. {@code MqttEncoder.doEncode} is package-private and
 * {@code MqttDecoder.decode} protected; on the class path both are reachable through a private lookup, and
 * a constant method handle costs the same as a direct call once compiled.
 */
final class NettyCodecAccess {
    private static final MethodHandle DO_ENCODE;
    private static final MethodHandle DECODE;

    static {
        try {
            MethodHandles.Lookup encoderLookup = MethodHandles.privateLookupIn(MqttEncoder.class, MethodHandles.lookup());
            DO_ENCODE = encoderLookup.findStatic(MqttEncoder.class, "doEncode",
                    MethodType.methodType(ByteBuf.class, ChannelHandlerContext.class, MqttMessage.class));
            MethodHandles.Lookup decoderLookup = MethodHandles.privateLookupIn(MqttDecoder.class, MethodHandles.lookup());
            DECODE = decoderLookup.findVirtual(MqttDecoder.class, "decode",
                    MethodType.methodType(void.class, ChannelHandlerContext.class, ByteBuf.class, List.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EmbeddedChannel channel;
    private final MqttDecoder decoder;
    private final ChannelHandlerContext decoderContext;
    private final ChannelHandlerContext encoderContext;

    NettyCodecAccess(int maxBytesInMessage) {
        decoder = new MqttDecoder(maxBytesInMessage);
        channel = new EmbeddedChannel(decoder, MqttEncoder.INSTANCE);
        decoderContext = channel.pipeline().context(decoder);
        encoderContext = channel.pipeline().context(MqttEncoder.INSTANCE);
    }

    /** Encodes through {@code MqttEncoder.doEncode}; the caller releases the returned buffer. */
    ByteBuf encode(MqttMessage message) {
        try {
            return (ByteBuf) DO_ENCODE.invokeExact(encoderContext, message);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Decodes whole packets from {@code in} into {@code out} through {@code MqttDecoder.decode}. */
    void decode(ByteBuf in, List<Object> out) {
        try {
            DECODE.invokeExact(decoder, decoderContext, in, out);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void close() {
        channel.finishAndReleaseAll();
    }
}
