package dev.mqttj.packet;

import dev.mqttj.internal.MqttStrings;

import java.nio.ByteBuffer;

/** MQTT UTF-8 string rules and the allocation-free writer for them. */
final class Utf8 {
    /** Longest MQTT string in bytes: its length prefix is two bytes. */
    static final int MAX_STRING_BYTES = MqttStrings.MAX_BYTES;

    private Utf8() {
    }

    /** Returns the UTF-8 length of a string that passed {@link MqttStrings#problem}. */
    static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes++;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2; // four bytes for the pair, which counts as two chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** Writes a two-byte length prefix and the UTF-8 bytes of {@code s}; no temporary arrays. */
    static void writeString(String s, ByteBuffer out) {
        int lengthAt = out.position();
        int start = lengthAt + 2;
        int end;
        if (out.hasArray()) {
            byte[] a = out.array();
            int offset = out.arrayOffset();
            end = writeArray(s, a, offset + start) - offset;
        } else {
            out.position(start);
            writeBuffer(s, out);
            end = out.position();
        }
        int len = end - start;
        out.put(lengthAt, (byte) (len >>> 8));
        out.put(lengthAt + 1, (byte) len);
        out.position(end);
    }

    private static int writeArray(String s, byte[] a, int p) {
        int n = s.length();
        int i = 0;
        // Most topics are ASCII: a tight loop with no branches on the multi-byte forms.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            a[p++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                a[p++] = (byte) c;
            } else if (c < 0x800) {
                a[p++] = (byte) (0xC0 | (c >> 6));
                a[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                a[p++] = (byte) (0xF0 | (cp >> 18));
                a[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                a[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                a[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                a[p++] = (byte) (0xE0 | (c >> 12));
                a[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                a[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    private static void writeBuffer(String s, ByteBuffer out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put((byte) (0xF0 | (cp >> 18)));
                out.put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                out.put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                out.put((byte) (0x80 | (cp & 0x3F)));
            } else {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
