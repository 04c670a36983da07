package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Property tests: decode(encode(p)) equals p for random valid packets, however the bytes arrive. */
class RoundTripTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int PACKETS_PER_TYPE = 400;

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void wholePacketRoundTripsForEveryType(PacketType type) throws Exception {
        long seed = SEED + type.ordinal();
        RandomPackets gen = new RandomPackets(seed);
        for (int i = 0; i < PACKETS_PER_TYPE; i++) {
            Packet p = gen.of(type);
            byte[] bytes = PacketEncoder.encode(p);
            assertThat(bytes).as("seed %d #%d length of %s", seed, i, p).hasSize(PacketEncoder.encodedLength(p));
            assertThat(PacketDecoder.decode(bytes)).as("seed %d #%d", seed, i).isEqualTo(p);
        }
    }

    @ParameterizedTest
    @EnumSource(PacketType.class)
    void oneByteAtATimeRoundTripsForEveryType(PacketType type) throws Exception {
        long seed = SEED * 3 + type.ordinal();
        RandomPackets gen = new RandomPackets(seed);
        PacketDecoder decoder = new PacketDecoder();
        for (int i = 0; i < 60; i++) {
            Packet p = gen.of(type);
            byte[] bytes = PacketEncoder.encode(p);
            Packet decoded = null;
            for (int k = 0; k < bytes.length; k++) {
                ByteBuffer one = ByteBuffer.wrap(bytes, k, 1);
                decoded = decoder.decode(one);
                assertThat(one.hasRemaining()).as("seed %d byte %d consumed", seed, k).isFalse();
                if (k < bytes.length - 1) {
                    assertThat(decoded).as("seed %d: packet before its last byte %d", seed, k).isNull();
                }
            }
            assertThat(decoded).as("seed %d #%d", seed, i).isEqualTo(p);
        }
    }

    @Test
    void randomFragmentsOfBackToBackPacketsRoundTrip() throws Exception {
        for (int round = 0; round < 40; round++) {
            long seed = SEED + 1000 + round;
            SplittableRandom random = new SplittableRandom(seed);
            RandomPackets gen = new RandomPackets(seed);
            List<Packet> sent = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int i = 0; i < 30; i++) {
                Packet p = gen.any();
                sent.add(p);
                stream.writeBytes(PacketEncoder.encode(p));
            }
            byte[] all = stream.toByteArray();
            boolean direct = round % 2 == 1;
            PacketDecoder decoder = new PacketDecoder();
            List<Packet> received = new ArrayList<>();
            int at = 0;
            while (at < all.length) {
                int n = Math.min(all.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 20_000));
                ByteBuffer chunk = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
                chunk.put(all, at, n).flip();
                at += n;
                Packet p;
                while ((p = decoder.decode(chunk)) != null) {
                    received.add(p);
                }
                assertThat(chunk.hasRemaining()).as("seed %d: null only once the chunk is used up", seed).isFalse();
            }
            assertThat(received).as("seed %d direct=%s", seed, direct).isEqualTo(sent);
        }
    }

    @Test
    void backToBackPacketsInOneBufferDecodeInOrderAndLeaveTheRest() throws Exception {
        long seed = SEED + 77;
        RandomPackets gen = new RandomPackets(seed);
        List<Packet> sent = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < 200; i++) {
            Packet p = gen.any();
            sent.add(p);
            total += PacketEncoder.encodedLength(p);
        }
        ByteBuffer buf = ByteBuffer.allocate(total + 3);
        for (Packet p : sent) {
            PacketEncoder.encode(p, buf);
        }
        assertThat(buf.position()).as("seed %d: encode wrote exactly encodedLength", seed).isEqualTo(total);
        buf.put((byte) 0x30).put((byte) 0x05).put((byte) 0x00); // start of a further PUBLISH
        buf.flip();
        PacketDecoder decoder = new PacketDecoder();
        for (Packet p : sent) {
            assertThat(decoder.decode(buf)).as("seed %d", seed).isEqualTo(p);
        }
        assertThat(decoder.decode(buf)).isNull();
        assertThat(buf.hasRemaining()).isFalse();
    }

    @Test
    void readOnlyAndOffsetBuffersDecodeLikeAnyOther() throws Exception {
        long seed = SEED + 55;
        RandomPackets gen = new RandomPackets(seed);
        for (int i = 0; i < 100; i++) {
            Packet p = gen.any();
            byte[] bytes = PacketEncoder.encode(p);
            byte[] padded = new byte[bytes.length + 10];
            System.arraycopy(bytes, 0, padded, 7, bytes.length);
            ByteBuffer slice = ByteBuffer.wrap(padded, 7, bytes.length).slice();
            assertThat(new PacketDecoder().decode(slice)).as("seed %d #%d offset slice", seed, i).isEqualTo(p);
            ByteBuffer readOnly = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            assertThat(new PacketDecoder().decode(readOnly)).as("seed %d #%d read-only", seed, i).isEqualTo(p);
        }
    }

    @Test
    void subscribeOfEveryEntryCountUpToTwentyRoundTripsAndABadEntryIsFoundWherever() throws Exception {
        for (int count = 1; count <= 20; count++) {
            List<Subscription> subscriptions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                subscriptions.add(new Subscription("room/" + i + "/+", i % 3));
            }
            Subscribe subscribe = new Subscribe(count, subscriptions);
            byte[] bytes = PacketEncoder.encode(subscribe);
            assertThat(PacketDecoder.decode(bytes)).as("%d entries", count).isEqualTo(subscribe);
            // The last entry's QoS byte is the packet's last byte: make it 3.
            bytes[bytes.length - 1] = 3;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PacketDecoder.decode(bytes))
                    .as("%d entries, the last one bad", count)
                    .isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("requested QoS must be 0..2 but was 3");
        }
    }

    @Test
    void decoderStartsCleanAfterAMalformedPacket() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        ByteBuffer bad = ByteBuffer.wrap(Wire.bytes(0x40, 2, 0, 0)); // PUBACK with packet id 0
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(bad))
                .isInstanceOf(MalformedPacketException.class);
        assertThat(decoder.decode(ByteBuffer.wrap(PacketEncoder.encode(new Puback(3))))).isEqualTo(new Puback(3));
    }

    @Test
    void encodePublishWritesTheSameBytesAsEncodeOfPublish() {
        long seed = SEED + 99;
        RandomPackets gen = new RandomPackets(seed);
        for (int i = 0; i < 300; i++) {
            Publish p = gen.publish();
            int length = PacketEncoder.publishLength(p.message(), p.id());
            assertThat(length).isEqualTo(PacketEncoder.encodedLength(p));
            ByteBuffer direct = ByteBuffer.allocateDirect(length);
            PacketEncoder.encodePublish(p.message(), p.dup(), p.id(), direct);
            assertThat(direct.hasRemaining()).isFalse();
            byte[] fromDirect = new byte[length];
            direct.flip().get(fromDirect);
            assertThat(fromDirect).as("seed %d #%d", seed, i).isEqualTo(PacketEncoder.encode(p));
        }
    }
}
