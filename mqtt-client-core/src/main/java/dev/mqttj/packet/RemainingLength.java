package dev.mqttj.packet;

import java.nio.ByteBuffer;

/** The fixed header's variable-length "remaining length" field: 1..4 bytes, 7 bits each. */
final class RemainingLength {
    /** Largest remaining length four length bytes can express. */
    static final int MAX = 268_435_455;

    private RemainingLength() {
    }

    /** Returns how many bytes the field takes for {@code value} (0..MAX). */
    static int size(int value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        if (value < 2_097_152) {
            return 3;
        }
        return 4;
    }

    /** Writes {@code value} in the variable-length form. */
    static void write(int value, ByteBuffer out) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.put((byte) (value > 0 ? digit | 0x80 : digit));
        } while (value > 0);
    }
}
