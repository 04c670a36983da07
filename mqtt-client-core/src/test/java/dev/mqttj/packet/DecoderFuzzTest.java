package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds random and mutated inputs to the decoder: each must yield a packet that survives a second round
 * trip, or a {@link MalformedPacketException}, and nothing else. The count comes from the system property
 * {@code fuzz.inputs} (1,000,000 by default; the {@code fuzz} Maven profile raises it).
 */
class DecoderFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0xF022_2026L);
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 1_000_000);
    private static final int CHUNKS = 64;
    private static final int CORPUS_SIZE = 3000;
    private static final int MAX_CORPUS_PACKET = 1500;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void randomAndMutatedInputsYieldAPacketOrMalformedPacketException() {
        List<byte[]> corpus = corpus();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong decoded = new AtomicLong();
        AtomicLong malformed = new AtomicLong();
        IntStream.range(0, CHUNKS).parallel().forEach(chunk -> {
            long seed = SEED + chunk;
            SplittableRandom random = new SplittableRandom(seed);
            PacketDecoder streaming = new PacketDecoder(64 * 1024);
            int count = INPUTS / CHUNKS + (chunk < INPUTS % CHUNKS ? 1 : 0);
            for (int i = 0; i < count && failures.size() < 10; i++) {
                byte[] input = input(random, corpus);
                try {
                    int packets = i % 4 == 0 ? feedInFragments(streaming, input, random) : checkWhole(input);
                    decoded.addAndGet(packets);
                } catch (MalformedPacketException e) {
                    malformed.incrementAndGet();
                    streaming.reset();
                    if (e.getMessage() == null || e.getMessage().isEmpty()) {
                        failures.add("seed " + seed + " #" + i + ": empty message for " + hex(input));
                    }
                } catch (Throwable t) {
                    failures.add("seed " + seed + " #" + i + ": " + t + " for input " + hex(input));
                    streaming.reset();
                }
            }
        });
        assertThat(failures).as("inputs that broke the decoder contract (seed %d)", SEED).isEmpty();
        assertThat(decoded.get() + malformed.get()).isGreaterThanOrEqualTo(INPUTS);
        // Both outcomes must be common, or the mutations are not exercising the decoder.
        assertThat(decoded.get()).isGreaterThan(INPUTS / 20);
        assertThat(malformed.get()).isGreaterThan(INPUTS / 5);
    }

    /** Decodes one whole input; a decoded packet must round-trip again. Returns 1. */
    private static int checkWhole(byte[] input) throws MalformedPacketException {
        Packet p = PacketDecoder.decode(input);
        Packet again = PacketDecoder.decode(PacketEncoder.encode(p));
        if (!again.equals(p)) {
            throw new AssertionError("re-encoded packet differs: " + p + " vs " + again);
        }
        return 1;
    }

    /** Feeds the input in random fragments to a reused decoder; returns the packets decoded. */
    private static int feedInFragments(PacketDecoder decoder, byte[] input, SplittableRandom random)
            throws MalformedPacketException {
        int packets = 0;
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, 1 + random.nextInt(8));
            ByteBuffer chunk = ByteBuffer.wrap(input, at, n);
            at += n;
            while (decoder.decode(chunk) != null) {
                packets++;
            }
            if (chunk.hasRemaining()) {
                throw new AssertionError("decoder returned null with bytes left");
            }
        }
        decoder.reset();
        return Math.max(packets, 1);
    }

    private static List<byte[]> corpus() {
        RandomPackets gen = new RandomPackets(SEED);
        List<byte[]> corpus = new ArrayList<>();
        while (corpus.size() < CORPUS_SIZE) {
            byte[] bytes = PacketEncoder.encode(gen.any());
            if (bytes.length <= MAX_CORPUS_PACKET) {
                corpus.add(bytes);
            }
        }
        return corpus;
    }

    private static byte[] input(SplittableRandom random, List<byte[]> corpus) {
        if (random.nextInt(20) == 0) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] b = corpus.get(random.nextInt(corpus.size())).clone();
        int mutations = random.nextInt(4); // 0 keeps some inputs valid
        for (int m = 0; m < mutations; m++) {
            b = mutate(b, random, corpus);
        }
        return b;
    }

    private static byte[] mutate(byte[] b, SplittableRandom random, List<byte[]> corpus) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        switch (random.nextInt(9)) {
            case 0: { // bit flip
                int i = random.nextInt(b.length);
                b[i] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case 1: // random byte
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                return b;
            case 2: // truncation
                return Arrays.copyOf(b, random.nextInt(b.length));
            case 3: // new remaining length, possibly over long or out of range
                return withRemainingLength(b, random);
            case 4: { // a 16-bit length or id field changed
                if (b.length < 4) {
                    return b;
                }
                int i = 2 + random.nextInt(b.length - 3);
                int value = random.nextBoolean() ? random.nextInt(65536) : ((b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF)) + random.nextInt(5) - 2;
                b[i] = (byte) (value >>> 8);
                b[i + 1] = (byte) value;
                return b;
            }
            case 5: { // inserted bytes
                int at = random.nextInt(b.length + 1);
                byte[] extra = new byte[1 + random.nextInt(4)];
                random.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                return out;
            }
            case 6: { // deleted range
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(4));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                return out;
            }
            case 7: { // another packet appended: trailing bytes for a whole-packet decode
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                byte[] out = Arrays.copyOf(b, b.length + other.length);
                System.arraycopy(other, 0, out, b.length, other.length);
                return out;
            }
            default: // fixed header type and flags replaced
                b[0] = (byte) random.nextInt(256);
                return b;
        }
    }

    private static byte[] withRemainingLength(byte[] b, SplittableRandom random) {
        int headerEnd = 1;
        while (headerEnd < b.length && headerEnd < 5 && (b[headerEnd] & 0x80) != 0) {
            headerEnd++;
        }
        headerEnd = Math.min(headerEnd + 1, b.length);
        int bodyLength = b.length - headerEnd;
        byte[] length;
        int kind = random.nextInt(4);
        if (kind == 0) {
            length = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}; // five bytes
        } else {
            int value = kind == 1 ? random.nextInt(RemainingLength.MAX + 1)
                    : Math.max(0, bodyLength + random.nextInt(9) - 4);
            byte[] tmp = new byte[4];
            int n = 0;
            do {
                int digit = value & 0x7F;
                value >>>= 7;
                tmp[n++] = (byte) (value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
            length = Arrays.copyOf(tmp, n);
        }
        byte[] out = new byte[1 + length.length + bodyLength];
        out[0] = b[0];
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(b, headerEnd, out, 1 + length.length, bodyLength);
        return out;
    }

    private static String hex(byte[] input) {
        return HexFormat.of().formatHex(input, 0, Math.min(input.length, 200));
    }
}
