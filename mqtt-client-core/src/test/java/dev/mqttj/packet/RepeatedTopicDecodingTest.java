package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A connection's decoder reuses the topic strings of recent PUBLISH packets when the bytes are equal. */
class RepeatedTopicDecodingTest {

    private static ByteBuffer encoded(Publish... packets) {
        int length = 0;
        for (Publish p : packets) {
            length += PacketEncoder.encodedLength(p);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (Publish p : packets) {
            PacketEncoder.encode(p, buffer);
        }
        return buffer.flip();
    }

    private static Publish publish(String topic, int id) {
        return new Publish(new Message(topic, new byte[] {(byte) id}, 1, false), false, id);
    }

    private static void decodeAllAndCheck(ByteBuffer in) throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        Publish first = (Publish) decoder.decode(in);
        Publish second = (Publish) decoder.decode(in);
        Publish sameLengthOther = (Publish) decoder.decode(in);
        Publish nonAscii = (Publish) decoder.decode(in);
        Publish nonAsciiAgain = (Publish) decoder.decode(in);

        assertThat(first.message().topic()).isEqualTo("sensors/1/temp");
        assertThat(second.message().topic()).isSameAs(first.message().topic());
        assertThat(second.message().payload()).containsExactly(2);
        assertThat(sameLengthOther.message().topic()).isEqualTo("sensors/2/temp");
        assertThat(nonAscii.message().topic()).isEqualTo("capteurs/é/température");
        assertThat(nonAsciiAgain.message().topic()).isSameAs(nonAscii.message().topic());
    }

    @Test
    void heapBuffer() throws Exception {
        decodeAllAndCheck(encoded(publish("sensors/1/temp", 1), publish("sensors/1/temp", 2),
                publish("sensors/2/temp", 3), publish("capteurs/é/température", 4),
                publish("capteurs/é/température", 5)));
    }

    @Test
    void aRefusedTopicIsRefusedAgainAndDoesNotStandInForTheOneBefore() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        Publish valid = publish("a/b", 1);
        assertThat(decoder.decode(encoded(valid))).isEqualTo(valid);
        byte[] wildcard = Wire.body().str("a/+").u16(2).u8('x').packet(0x32);
        for (int attempt = 0; attempt < 2; attempt++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(wildcard)))
                    .as("attempt %d", attempt)
                    .isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("topic name contains wildcard '+'");
        }
        assertThat(decoder.decode(encoded(valid))).isEqualTo(valid);
    }

    @Test
    void topicsThatShareBytesWithOlderLongerOnesAreNotMistakenForThem() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        String[] topics = {"sensors/building-7/floor-3/temperature", "sensors/building-7", "sensors/building-7/floor-3",
            "sensors/building-7/floor-3/temperature", "s", "sensors/building-7/floor-3/temperaturE", "sensors/b"};
        for (int i = 0; i < topics.length; i++) {
            Publish p = publish(topics[i], i + 1);
            assertThat(decoder.decode(encoded(p))).as("#%d %s", i, topics[i]).isEqualTo(p);
        }
    }

    @Test
    void directBuffer() throws Exception {
        ByteBuffer heap = encoded(publish("sensors/1/temp", 1), publish("sensors/1/temp", 2),
                publish("sensors/2/temp", 3), publish("capteurs/é/température", 4),
                publish("capteurs/é/température", 5));
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap).flip();
        decodeAllAndCheck(direct);
    }

    @Test
    void aStreamCyclingThroughManySensorsEndsUpDecodingNoName() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        int sensors = 200;
        String[] previous = new String[sensors];
        int reused = 0;
        for (int round = 0; round < 6; round++) {
            reused = 0;
            for (int sensor = 0; sensor < sensors; sensor++) {
                Publish p = publish("sensors/s-" + sensor + "/temperature", sensor + 1);
                String topic = ((Publish) decoder.decode(encoded(p))).message().topic();
                assertThat(topic).isEqualTo(p.message().topic());
                if (topic == previous[sensor]) {
                    reused++;
                }
                previous[sensor] = topic;
            }
        }
        // The table grew to hold the stream's topics: the last round reused every name of the one before.
        assertThat(reused).isEqualTo(sensors);
    }

    @Test
    void farMoreTopicsThanTheCacheHoldsAreAllDecodedRight() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        java.util.Random random = new java.util.Random(42);
        String[] topics = new String[TopicNameCache.MAX_SLOTS * 2];
        for (int i = 0; i < topics.length; i++) {
            StringBuilder topic = new StringBuilder("t/" + i + "/");
            int extra = random.nextInt(TopicNameCache.MAX_CACHED_LENGTH + 40);
            for (int c = 0; c < extra; c++) {
                topic.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
            }
            topics[i] = topic.toString();
        }
        for (int n = 0; n < topics.length * 4; n++) {
            // Mostly a recent topic, sometimes any: hits, misses and evictions all happen.
            int index = random.nextInt(4) == 0 ? random.nextInt(topics.length) : random.nextInt(16);
            Publish p = publish(topics[index], n % 60_000 + 1);
            assertThat(decoder.decode(encoded(p))).as("#%d", n).isEqualTo(p);
        }
    }

    @Test
    void aNameLongerThanTheCacheKeepsIsDecodedRightEachTime() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        String longTopic = "a/".repeat(TopicNameCache.MAX_CACHED_LENGTH);
        Publish first = (Publish) decoder.decode(encoded(publish(longTopic, 1)));
        Publish again = (Publish) decoder.decode(encoded(publish(longTopic, 2)));
        assertThat(first.message().topic()).isEqualTo(longTopic);
        assertThat(again.message().topic()).isEqualTo(longTopic);
    }
}
