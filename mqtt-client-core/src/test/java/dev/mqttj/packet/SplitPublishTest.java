package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PUBLISH split across reads is gathered as variable header plus payload, the payload straight into the
 * message's own array. Wherever the split falls (inside the topic length, the topic, the packet id or the
 * payload), the outcome must be the one of decoding the whole packet: the same message, or the same error.
 */
class SplitPublishTest {

    @Test
    void everySplitIntoTwoOrThreePiecesDecodesLikeTheWholePacket() throws Exception {
        for (byte[] packet : publishes()) {
            Object whole = outcome(List.of(packet));
            for (int first = 1; first < packet.length; first++) {
                assertThat(outcome(List.of(Arrays.copyOfRange(packet, 0, first),
                        Arrays.copyOfRange(packet, first, packet.length))))
                        .as("%s split at %d", Arrays.toString(packet), first)
                        .isEqualTo(whole);
                for (int second = first + 1; second < packet.length; second++) {
                    assertThat(outcome(List.of(Arrays.copyOfRange(packet, 0, first),
                            Arrays.copyOfRange(packet, first, second), Arrays.copyOfRange(packet, second, packet.length))))
                            .as("%s split at %d and %d", Arrays.toString(packet), first, second)
                            .isEqualTo(whole);
                }
            }
        }
    }

    @Test
    void aLargePublishInManyDirectChunksDecodesAndLeavesTheDecoderClean() throws Exception {
        byte[] payload = new byte[100_000];
        Arrays.fill(payload, (byte) 7);
        byte[] packet = PacketEncoder.encode(new Publish(new Message("big/one", payload, 1, false), false, 9));
        PacketDecoder decoder = new PacketDecoder();
        Packet decoded = null;
        for (int at = 0; at < packet.length; at += 4096) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(Math.min(4096, packet.length - at));
            chunk.put(packet, at, chunk.capacity()).flip();
            decoded = decoder.decode(chunk);
            assertThat(chunk.hasRemaining()).isFalse();
        }
        assertThat(decoded).isEqualTo(new Publish(new Message("big/one", payload, 1, false), false, 9));
        // The next packet decodes from a clean state: nothing of the split one is left over.
        assertThat(decoder.decode(ByteBuffer.wrap(PacketEncoder.encode(new Puback(5))))).isEqualTo(new Puback(5));
    }

    @Test
    void resetInTheMiddleOfAPayloadLeavesNothingForTheNextStream() throws Exception {
        byte[] packet = PacketEncoder.encode(new Publish(new Message("a/b", new byte[300], 1, false), false, 4));
        PacketDecoder decoder = new PacketDecoder();
        assertThat(decoder.decode(ByteBuffer.wrap(packet, 0, 100))).isNull();

        decoder.reset();

        Publish next = new Publish(new Message("c/d", new byte[] {9}, 0, false), false, 0);
        assertThat(decoder.decode(ByteBuffer.wrap(PacketEncoder.encode(next)))).isEqualTo(next);
    }

    @Test
    void piecesThatAreSlicesOfALargerArrayDecodeLikeAnyOther() throws Exception {
        Publish publish = new Publish(new Message("sensors/building-7/floor-3/t", new byte[200], 2, true), true, 8);
        byte[] packet = PacketEncoder.encode(publish);
        byte[] padded = new byte[packet.length + 20];
        System.arraycopy(packet, 0, padded, 10, packet.length);
        PacketDecoder decoder = new PacketDecoder();
        Packet decoded = null;
        for (int at = 0; at < packet.length; at += 37) {
            ByteBuffer slice = ByteBuffer.wrap(padded, 10 + at, Math.min(37, packet.length - at)).slice();
            decoded = decoder.decode(slice);
            assertThat(slice.hasRemaining()).isFalse();
        }
        assertThat(decoded).isEqualTo(publish);
    }

    /** Valid PUBLISH packets of every shape, and malformed ones whose fault sits in the variable header. */
    private static List<byte[]> publishes() {
        List<byte[]> packets = new ArrayList<>();
        for (int qos = 0; qos <= 2; qos++) {
            for (int payloadSize : new int[] {0, 1, 2, 33}) {
                byte[] payload = new byte[payloadSize];
                Arrays.fill(payload, (byte) 'p');
                int id = qos == 0 ? 0 : 0x0102;
                packets.add(PacketEncoder.encode(new Publish(new Message("a/b", payload, qos, qos == 1), qos == 2, id)));
            }
        }
        packets.add(PacketEncoder.encode(new Publish(new Message("t", new byte[0], 0, false), false, 0)));
        // A topic of several eight-byte words, so the split topic goes through the word scan.
        packets.add(PacketEncoder.encode(new Publish(
                new Message("sensors/building-7/floor-3/t", new byte[] {1, 2, 3}, 1, false), false, 77)));
        // The topic length declares more bytes than the packet has.
        packets.add(Wire.body().u16(10).u8('a', 'b', 'c').packet(0x30));
        // QoS 1: the topic fills the packet, leaving no room for the packet id.
        packets.add(Wire.body().str("abc").packet(0x32));
        // QoS 1: packet id 0, with a payload after it.
        packets.add(Wire.body().str("t").u16(0).u8('p', 'q').packet(0x32));
        // An empty topic name, with a payload.
        packets.add(Wire.body().str("").u8('x', 'y').packet(0x30));
        // A wildcard in the topic name, with a payload.
        packets.add(Wire.body().str("a/+").u8('x', 'y').packet(0x30));
        // Malformed UTF-8 in the topic name, with a payload.
        packets.add(Wire.body().rawStr('a', 0xC3).u8('x', 'y').packet(0x30));
        // U+0000 in the topic name, with a payload.
        packets.add(Wire.body().rawStr('a', 0).u8('x').packet(0x30));
        return packets;
    }

    /** The packet decoded from the pieces fed in order, or the error's message. */
    private static Object outcome(List<byte[]> pieces) {
        PacketDecoder decoder = new PacketDecoder();
        try {
            Packet decoded = null;
            for (byte[] piece : pieces) {
                ByteBuffer buffer = ByteBuffer.wrap(piece);
                assertThat(decoded).as("a packet before its last piece").isNull();
                decoded = decoder.decode(buffer);
                assertThat(buffer.hasRemaining()).isFalse();
            }
            assertThat(decoded).as("a packet after its last piece").isNotNull();
            return decoded;
        } catch (MalformedPacketException e) {
            return "error: " + e.getMessage();
        }
    }
}
