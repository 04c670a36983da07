package dev.mqttj.packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw packet bytes by hand, including invalid ones, for decoder tests. */
final class Wire {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    static Wire body() {
        return new Wire();
    }

    Wire u8(int... values) {
        for (int v : values) {
            body.write(v);
        }
        return this;
    }

    Wire u16(int value) {
        return u8(value >>> 8 & 0xFF, value & 0xFF);
    }

    Wire str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        body.writeBytes(b);
        return this;
    }

    /** A length-prefixed field whose bytes are given raw, e.g. malformed UTF-8. */
    Wire rawStr(int... bytes) {
        u16(bytes.length);
        return u8(bytes);
    }

    /** A valid 3.1.1 CONNECT variable header with the given connect flags and keep-alive 60. */
    Wire connectHeader(int flags) {
        return str("MQTT").u8(4, flags).u16(60);
    }

    /** Prefixes the body with a fixed header whose remaining length is the body's length. */
    byte[] packet(int firstByte) {
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int length = b.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
