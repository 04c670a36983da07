package dev.mqttj.packet;

import java.nio.ByteBuffer;

/** Streaming decoder, one per connection, not thread-safe. */
public final class PacketDecoder {
    public static final int DEFAULT_MAX_PACKET_SIZE = 8 * 1024 * 1024;

    private final int maxPacketSize;

    public PacketDecoder() {
        this(DEFAULT_MAX_PACKET_SIZE);
    }

    public PacketDecoder(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    public Packet decode(ByteBuffer in) throws MalformedPacketException {
        throw new UnsupportedOperationException("not yet");
    }

    public static Packet decode(byte[] wholePacket) throws MalformedPacketException {
        throw new UnsupportedOperationException("not yet");
    }

    public void reset() {
    }
}
