package dev.mqttj.packet;

import java.nio.ByteBuffer;

/** Encodes packets. Static methods only. */
public final class PacketEncoder {
    private PacketEncoder() {
    }

    public static int encodedLength(Packet p) {
        throw new UnsupportedOperationException("not yet");
    }

    public static void encode(Packet p, ByteBuffer out) {
        throw new UnsupportedOperationException("not yet");
    }

    public static byte[] encode(Packet p) {
        throw new UnsupportedOperationException("not yet");
    }

    public static int publishLength(Message m, int id) {
        throw new UnsupportedOperationException("not yet");
    }

    public static void encodePublish(Message m, boolean dup, int id, ByteBuffer out) {
        throw new UnsupportedOperationException("not yet");
    }
}
