package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scan against a plain byte loop, on random bytes of every length up to 44. */
class ByteScanTest {
    private static final long SEED = 0xB17E5L;

    @Test
    void noneBelowAgreesWithAByteLoop() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int round = 0; round < 100_000; round++) {
            byte[] bytes = new byte[random.nextInt(45)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = randomByte(random);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            int threshold = 1 + random.nextInt(128);
            boolean expected = true;
            for (int i = from; i < to; i++) {
                expected &= bytes[i] >= threshold;
            }
            assertThat(ByteScan.noneBelow(bytes, from, to, threshold)).as("round %d", round).isEqualTo(expected);
        }
    }

    /** Mostly printable ASCII, as topics are, with the bytes around every threshold and non-ASCII mixed in. */
    private static byte randomByte(SplittableRandom random) {
        switch (random.nextInt(8)) {
            case 0:
                return (byte) random.nextInt(256);
            case 1:
                return (byte) random.nextInt(48);
            default:
                return (byte) (48 + random.nextInt(79));
        }
    }
}
