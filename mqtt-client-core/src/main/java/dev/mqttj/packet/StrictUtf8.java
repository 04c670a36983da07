package dev.mqttj.packet;

/**
 * A strict UTF-8 decoder (RFC 3629 table 3-7) that also refuses U+0000, as MQTT 3.1.1 section 1.5.3
 * requires. It rejects overlong forms, UTF-16 surrogates, code points above U+10FFFF and truncated
 * sequences, and reports where the first bad byte is.
 */
final class StrictUtf8 {
    private static final int KIND_SHIFT = 24;
    private static final int KIND_NUL = 1;
    private static final int KIND_INVALID_LEAD = 2;
    private static final int KIND_OVERLONG = 3;
    private static final int KIND_SURROGATE = 4;
    private static final int KIND_BAD_CONTINUATION = 5;
    private static final int KIND_TRUNCATED = 6;
    private static final int KIND_TOO_LARGE = 7;

    private StrictUtf8() {
    }

    /**
     * Decodes {@code bytes[offset, limit)} into {@code out}.
     *
     * @return the number of chars written, or a negative error code for {@link #describe}
     */
    static int decode(byte[] bytes, int offset, int limit, char[] out) {
        int n = 0;
        int i = offset;
        while (i < limit) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                if (b0 == 0) {
                    return fail(KIND_NUL, i - offset);
                }
                out[n++] = (char) b0;
                i++;
            } else if (b0 < 0xC2) {
                // 0x80..0xBF cannot lead; 0xC0 and 0xC1 only start overlong forms of ASCII
                return fail(b0 < 0xC0 ? KIND_INVALID_LEAD : KIND_OVERLONG, i - offset);
            } else if (b0 < 0xE0) {
                if (limit - i < 2) {
                    return fail(KIND_TRUNCATED, i - offset);
                }
                int b1 = bytes[i + 1] & 0xFF;
                if ((b1 & 0xC0) != 0x80) {
                    return fail(KIND_BAD_CONTINUATION, i + 1 - offset);
                }
                out[n++] = (char) ((b0 & 0x1F) << 6 | (b1 & 0x3F));
                i += 2;
            } else if (b0 < 0xF0) {
                if (limit - i < 3) {
                    return fail(KIND_TRUNCATED, i - offset);
                }
                int b1 = bytes[i + 1] & 0xFF;
                int b2 = bytes[i + 2] & 0xFF;
                if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) {
                    return fail(KIND_BAD_CONTINUATION, i + 1 - offset);
                }
                if (b0 == 0xE0 && b1 < 0xA0) {
                    return fail(KIND_OVERLONG, i - offset);
                }
                if (b0 == 0xED && b1 >= 0xA0) {
                    return fail(KIND_SURROGATE, i - offset);
                }
                out[n++] = (char) ((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F));
                i += 3;
            } else if (b0 < 0xF5) {
                if (limit - i < 4) {
                    return fail(KIND_TRUNCATED, i - offset);
                }
                int b1 = bytes[i + 1] & 0xFF;
                int b2 = bytes[i + 2] & 0xFF;
                int b3 = bytes[i + 3] & 0xFF;
                if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80) {
                    return fail(KIND_BAD_CONTINUATION, i + 1 - offset);
                }
                if (b0 == 0xF0 && b1 < 0x90) {
                    return fail(KIND_OVERLONG, i - offset);
                }
                if (b0 == 0xF4 && b1 >= 0x90) {
                    return fail(KIND_TOO_LARGE, i - offset);
                }
                int cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                return fail(KIND_INVALID_LEAD, i - offset);
            }
        }
        return n;
    }

    /** Turns an error code of {@link #decode} into text that reads after a field name. */
    static String describe(int error, byte[] bytes, int offset) {
        int kind = (-error) >>> KIND_SHIFT;
        int at = (-error) & ((1 << KIND_SHIFT) - 1);
        String where = " at byte " + at + " (0x" + Integer.toHexString(bytes[offset + at] & 0xFF) + ")";
        switch (kind) {
            case KIND_NUL:
                return "contains U+0000" + where;
            case KIND_OVERLONG:
                return "is not well-formed UTF-8: overlong form" + where;
            case KIND_SURROGATE:
                return "is not well-formed UTF-8: encoded UTF-16 surrogate" + where;
            case KIND_BAD_CONTINUATION:
                return "is not well-formed UTF-8: bad continuation byte" + where;
            case KIND_TRUNCATED:
                return "is not well-formed UTF-8: truncated sequence" + where;
            case KIND_TOO_LARGE:
                return "is not well-formed UTF-8: code point above U+10FFFF" + where;
            default:
                return "is not well-formed UTF-8: invalid lead byte" + where;
        }
    }

    private static int fail(int kind, int at) {
        return -(kind << KIND_SHIFT | at);
    }
}
