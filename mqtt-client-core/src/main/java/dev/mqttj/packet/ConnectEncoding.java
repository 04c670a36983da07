package dev.mqttj.packet;

import java.nio.ByteBuffer;

/** Writes CONNECT packets; the one packet with a variable set of optional fields. */
final class ConnectEncoding {
    static final int FLAG_USERNAME = 0x80;
    static final int FLAG_PASSWORD = 0x40;
    static final int FLAG_WILL_RETAIN = 0x20;
    static final int WILL_QOS_SHIFT = 3;
    static final int FLAG_WILL = 0x04;
    static final int FLAG_CLEAN_SESSION = 0x02;
    static final int FLAG_RESERVED = 0x01;

    private ConnectEncoding() {
    }

    static int remainingLength(Connect c) {
        // protocol name (length-prefixed), level byte, flags byte, keep-alive
        int length = 2 + c.version().protocolName().length() + 1 + 1 + 2;
        length += 2 + Utf8.length(c.clientId());
        Message will = c.will();
        if (will != null) {
            length += 2 + Utf8.length(will.topic()) + 2 + will.payload().length;
        }
        if (c.username() != null) {
            length += 2 + Utf8.length(c.username());
        }
        if (c.password() != null) {
            length += 2 + c.password().length;
        }
        return length;
    }

    static void write(Connect c, int remaining, ByteBuffer out) {
        PacketEncoder.writeHeader(PacketType.CONNECT, 0, remaining, out);
        Utf8.writeString(c.version().protocolName(), out);
        out.put((byte) c.version().level());
        Message will = c.will();
        int flags = c.cleanSession() ? FLAG_CLEAN_SESSION : 0;
        if (will != null) {
            flags |= FLAG_WILL | (will.qos() << WILL_QOS_SHIFT) | (will.retain() ? FLAG_WILL_RETAIN : 0);
        }
        if (c.username() != null) {
            flags |= FLAG_USERNAME;
        }
        if (c.password() != null) {
            flags |= FLAG_PASSWORD;
        }
        out.put((byte) flags);
        PacketEncoder.putU16(c.keepAlive(), out);
        Utf8.writeString(c.clientId(), out);
        if (will != null) {
            Utf8.writeString(will.topic(), out);
            writeBinary(will.payload(), out);
        }
        if (c.username() != null) {
            Utf8.writeString(c.username(), out);
        }
        if (c.password() != null) {
            writeBinary(c.password(), out);
        }
    }

    private static void writeBinary(byte[] data, ByteBuffer out) {
        PacketEncoder.putU16(data.length, out);
        out.put(data);
    }
}
