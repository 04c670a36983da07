package dev.mqttj.packet;

import static dev.mqttj.packet.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The codec at the edges of its ranges: the maximum packet size, each width of the remaining length, string
 * length prefixes past one byte, each width of UTF-8, and the largest packets the constructors allow.
 */
class BoundariesTest {

    private static final int[] LENGTH_WIDTH_EDGES = {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152,
        RemainingLength.MAX};

    @Test
    void remainingLengthTakesOneByteMoreAtEachPowerOf128() {
        int[] widths = {1, 1, 2, 2, 3, 3, 4, 4};
        for (int i = 0; i < LENGTH_WIDTH_EDGES.length; i++) {
            int value = LENGTH_WIDTH_EDGES[i];
            ByteBuffer out = ByteBuffer.allocate(4);
            RemainingLength.write(value, out);
            assertThat(out.position()).as("bytes written for %d", value).isEqualTo(widths[i]);
            assertThat(RemainingLength.size(value)).as("size of %d", value).isEqualTo(widths[i]);
        }
    }

    @Test
    void decoderReadsRemainingLengthsOfEveryWidth() throws MalformedPacketException {
        SplittableRandom random = new SplittableRandom(15);
        for (int value : LENGTH_WIDTH_EDGES) {
            assertHeaderReads(value);
        }
        for (int i = 0; i < 2_000; i++) {
            // Four-byte lengths: every combination of the three lower digits shows up in the high bits too.
            assertHeaderReads(random.nextInt(2_097_152, RemainingLength.MAX + 1));
            assertHeaderReads(random.nextInt(0, 2_097_152));
        }
    }

    /** A decoder one byte short of {@code value} names it; one with room for it waits for the body. */
    private static void assertHeaderReads(int value) throws MalformedPacketException {
        ByteBuffer header = ByteBuffer.allocate(5).put((byte) 0x30);
        RemainingLength.write(value, header);
        header.flip();
        if (value > 0) {
            MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class,
                    () -> new PacketDecoder(value - 1).decode(header.duplicate()));
            assertThat(e).as("length %d", value).isNotNull();
            assertThat(e.getMessage()).isEqualTo("PUBLISH: remaining length " + value
                    + " exceeds the maximum packet size " + (value - 1));
        }
        if (value > 2) {
            assertThat(new PacketDecoder(value).decode(header.duplicate())).as("length %d", value).isNull();
        }
    }

    @Test
    void packetOfExactlyTheMaximumSizeDecodesAndOneByteMoreFails() throws MalformedPacketException {
        Publish atMax = new Publish(new Message("t", new byte[200 - 3], 0, false), false, 0);
        byte[] wire = PacketEncoder.encode(atMax);
        assertThat(wire.length).isEqualTo(2 + 200 + 1); // a two-byte remaining length of 200
        assertThat(new PacketDecoder(200).decode(ByteBuffer.wrap(wire))).isEqualTo(atMax);

        byte[] over = PacketEncoder.encode(new Publish(new Message("t", new byte[201 - 3], 0, false), false, 0));
        assertThatThrownBy(() -> new PacketDecoder(200).decode(ByteBuffer.wrap(over)))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("PUBLISH: remaining length 201 exceeds the maximum packet size 200");

        byte[] small = PacketEncoder.encode(new Publish(new Message("t", new byte[7], 0, false), false, 0));
        assertThat(new PacketDecoder(10).decode(ByteBuffer.wrap(small))).isNotNull();
        assertThatThrownBy(() -> new PacketDecoder(9).decode(ByteBuffer.wrap(small)))
                .hasMessage("PUBLISH: remaining length 10 exceeds the maximum packet size 9");
    }

    @Test
    void maximumPacketSizeMustBeInRange() {
        assertThat(new PacketDecoder(0)).isNotNull();
        assertThat(new PacketDecoder(RemainingLength.MAX)).isNotNull();
        assertThatThrownBy(() -> new PacketDecoder(RemainingLength.MAX + 1))
                .hasMessage("maximum packet size must be 0..268435455 but was 268435456");
        assertThatThrownBy(() -> new PacketDecoder(-1))
                .hasMessage("maximum packet size must be 0..268435455 but was -1");
    }

    @Test
    void fiveByteRemainingLengthIsRefusedWithItsExactMessage() {
        byte[] packet = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class,
                () -> new PacketDecoder(RemainingLength.MAX).decode(ByteBuffer.wrap(packet)));
        assertThat(e.packetType()).isEqualTo(PacketType.PUBLISH);
        assertThat(e).hasMessage("PUBLISH: remaining length is longer than 4 bytes");
        // The same bytes fed one at a time.
        PacketDecoder decoder = new PacketDecoder(RemainingLength.MAX);
        assertThatThrownBy(() -> {
            for (byte b : packet) {
                decoder.decode(ByteBuffer.wrap(new byte[] {b}));
            }
        }).hasMessage("PUBLISH: remaining length is longer than 4 bytes");
    }

    @Test
    void truncatedFixedHeaderOfAWholePacketNamesTheTypeWhenItIsKnown() {
        assertThatThrownBy(() -> PacketDecoder.decode(new byte[0]))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.packetType()).isNull())
                .hasMessage("fixed header is truncated after 0 bytes");
        assertThatThrownBy(() -> PacketDecoder.decode(new byte[] {0x30}))
                .isInstanceOfSatisfying(MalformedPacketException.class,
                        e -> assertThat(e.packetType()).isEqualTo(PacketType.PUBLISH))
                .hasMessage("PUBLISH: fixed header is truncated after 1 bytes");
        assertThatThrownBy(() -> PacketDecoder.decode(new byte[] {(byte) 0x82, (byte) 0x80, (byte) 0x80}))
                .hasMessage("SUBSCRIBE: fixed header is truncated after 3 bytes");
    }

    @Test
    void stringsOf256BytesAndMoreCarryTheHighByteOfTheirLength() throws MalformedPacketException {
        for (int length : new int[] {255, 256, 257, 300, 511, 512, 65_535}) {
            String topic = "t".repeat(length - 1) + "x";
            Message message = new Message(topic, new byte[] {9}, 0, false);
            byte[] wire = PacketEncoder.encode(new Publish(message, false, 0));
            int prefixAt = wire.length - 1 - length - 2;
            assertThat(wire[prefixAt] & 0xFF).as("high byte of %d", length).isEqualTo(length >>> 8);
            assertThat(wire[prefixAt + 1] & 0xFF).as("low byte of %d", length).isEqualTo(length & 0xFF);
            assertThat(PacketDecoder.decode(wire)).isEqualTo(new Publish(message, false, 0));
        }
    }

    @Test
    void publishWithALongTopicSplitAcrossReadsDecodes() throws MalformedPacketException {
        for (int length : new int[] {255, 256, 300, 511, 4_000}) {
            Publish publish = new Publish(new Message("t".repeat(length), new byte[] {1, 2, 3}, 1, false), false, 5);
            byte[] wire = PacketEncoder.encode(publish);
            PacketDecoder decoder = new PacketDecoder(RemainingLength.MAX);
            Packet decoded = null;
            for (int at = 0; at < wire.length; at += 7) {
                Packet packet = decoder.decode(ByteBuffer.wrap(wire, at, Math.min(7, wire.length - at)));
                if (packet != null) {
                    decoded = packet;
                }
            }
            assertThat(decoded).as("topic of %d bytes", length).isEqualTo(publish);
        }
    }

    @Test
    void writtenStringsMatchTheJdksUtf8InHeapAndDirectBuffers() {
        String[] samples = {"", "a", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "\ud800\udc00",
            "\udbff\udfff", "\u0080abc", "a\u0080b\u0800c\ud83d\ude00d", "é".repeat(200), "€".repeat(100),
            "😀".repeat(70), "x".repeat(300) + "€"};
        for (String s : samples) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.length(s)).as("length of %s", s).isEqualTo(utf8.length);
            ByteBuffer expected = ByteBuffer.allocate(2 + utf8.length).putShort((short) utf8.length).put(utf8).flip();
            for (ByteBuffer out : new ByteBuffer[] {ByteBuffer.allocate(2 + utf8.length + 3),
                ByteBuffer.allocateDirect(2 + utf8.length + 3), ByteBuffer.allocate(2 + utf8.length + 8).position(5).slice()}) {
                out.put((byte) 7); // written after something, as in a packet
                Utf8.writeString(s, out);
                assertThat(out.position()).isEqualTo(1 + 2 + utf8.length);
                assertThat(out.flip().position(1)).as("'%s' in %s", s, out).isEqualTo(expected);
            }
        }
    }

    @Test
    void mqttStringLimitCountsEveryUtf8Width() {
        // Exactly 65535 bytes built from each width of UTF-8, then one byte more.
        assertLimit("a".repeat(65_535));
        assertLimit("é".repeat(32_767) + "a");
        assertLimit("\u0080".repeat(32_767) + "a");
        assertLimit("\u07ff".repeat(32_767) + "a");
        assertLimit("\u0800".repeat(21_845));
        assertLimit("€".repeat(21_845));
        assertLimit("😀".repeat(16_383) + "aaa");
        assertLimit("é".repeat(100) + "€".repeat(21_000) + "😀".repeat(500) + "a".repeat(335));
    }

    private static void assertLimit(String atLimit) {
        assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(65_535);
        assertThat(new Message(atLimit, null, 0, false).topic()).isEqualTo(atLimit);
        for (String over : new String[] {atLimit + "a", atLimit + "é", "€" + atLimit}) {
            int bytes = over.getBytes(StandardCharsets.UTF_8).length;
            assertThatThrownBy(() -> new Message(over, null, 0, false))
                    .hasMessage("Message: topic name is " + bytes + " bytes long in UTF-8, more than 65535");
            assertThatThrownBy(() -> new Subscription(over, 0))
                    .hasMessage("SUBSCRIBE: topic filter is " + bytes + " bytes long in UTF-8, more than 65535");
        }
    }

    @Test
    void unpairedSurrogatesAreRefusedWhereverTheyStand() {
        String[][] cases = {
            {"a\udc00b", "contains an unpaired surrogate U+DC00 at index 1"},
            {"\udc00", "contains an unpaired surrogate U+DC00 at index 0"},
            {"ab\ud800", "contains an unpaired surrogate U+D800 at index 2"},
            {"\ud800a", "contains an unpaired surrogate U+D800 at index 0"},
            {"\ud800\ud800\udc00", "contains an unpaired surrogate U+D800 at index 0"},
            {"\ud83d\ude00\udc00", "contains an unpaired surrogate U+DC00 at index 2"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> new Message(c[0], null, 0, false)).hasMessage("Message: topic name " + c[1]);
            assertThatThrownBy(() -> new Subscription(c[0], 0)).hasMessage("SUBSCRIBE: topic filter " + c[1]);
            assertThatThrownBy(() -> new Subscription("a/+/" + c[0], 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Unsubscribe(1, List.of(c[0])))
                    .hasMessage("UNSUBSCRIBE: topic filter " + c[1]);
            assertThatThrownBy(() -> new Connect(ProtocolVersion.MQTT_3_1_1, c[0], 0, true, null, null, null))
                    .hasMessage("CONNECT: client id " + c[1]);
        }
    }

    @Test
    void strictDecoderNamesTheFirstBadByte() {
        Object[][] cases = {
            {new int[] {0xC3, 0x41}, "bad continuation byte at byte 1 (0x41)"},
            {new int[] {0x61, 0xE2, 0x82, 0x41}, "bad continuation byte at byte 2 (0x82)"},
            {new int[] {0xF0, 0x9F, 0x98, 0x41}, "bad continuation byte at byte 1 (0x9f)"},
            {new int[] {0x61, 0x80}, "invalid lead byte at byte 1 (0x80)"},
            {new int[] {0xC1, 0xBF}, "overlong form at byte 0 (0xc1)"},
            {new int[] {0xE0, 0x9F, 0xBF}, "overlong form at byte 0 (0xe0)"},
            {new int[] {0xF0, 0x8F, 0xBF, 0xBF}, "overlong form at byte 0 (0xf0)"},
            {new int[] {0x61, 0x62, 0xED, 0xA0, 0x80}, "encoded UTF-16 surrogate at byte 2 (0xed)"},
            {new int[] {0xF4, 0x90, 0x80, 0x80}, "code point above U+10FFFF at byte 0 (0xf4)"},
            {new int[] {0xF5, 0x80, 0x80, 0x80}, "invalid lead byte at byte 0 (0xf5)"},
            {new int[] {0x61, 0xE2, 0x82}, "truncated sequence at byte 1 (0xe2)"},
            {new int[] {0xC3}, "truncated sequence at byte 0 (0xc3)"},
            {new int[] {0xF0, 0x9F, 0x98}, "truncated sequence at byte 0 (0xf0)"},
        };
        for (Object[] c : cases) {
            byte[] topic = bytes((int[]) c[0]);
            assertThatThrownBy(() -> PacketDecoder.decode(publishWithRawTopic(topic)))
                    .as("topic %s", java.util.HexFormat.of().formatHex(topic))
                    .hasMessage("PUBLISH: topic name is not well-formed UTF-8: " + c[1]);
        }
        assertThatThrownBy(() -> PacketDecoder.decode(publishWithRawTopic(bytes(0xC3, 0xA9, 0x00))))
                .hasMessage("PUBLISH: topic name contains U+0000 at byte 2 (0x0)");
    }

    @Test
    void strictDecoderDecodesTheFirstCodePointOfEachWidth() throws MalformedPacketException {
        String[] samples = {"\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff", "\ud800\udc00",
            "\udbff\udfff", "a\u00e9\u20ac\ud83d\ude00z"};
        for (String s : samples) {
            Publish publish = new Publish(new Message(s, new byte[] {1}, 0, false), false, 0);
            assertThat(PacketDecoder.decode(PacketEncoder.encode(publish))).isEqualTo(publish);
        }
    }

    @Test
    void largestMessageFitsExactlyAndOneByteMoreDoesNot() {
        byte[] payload = new byte[RemainingLength.MAX - 3]; // topic "t" with its 2-byte prefix
        assertThat(new Message("t", payload, 0, false).payload()).hasSize(payload.length);
        assertThatThrownBy(() -> new Message("tt", payload, 0, false))
                .hasMessage("Message: payload of " + payload.length + " bytes makes the PUBLISH longer than "
                        + RemainingLength.MAX + " bytes");
        assertThatThrownBy(() -> new Message("t", payload, 1, false)).isInstanceOf(IllegalArgumentException.class);
        // A two-byte char counts two bytes, not the three the quick bound assumes.
        byte[] shorter = java.util.Arrays.copyOf(payload, payload.length - 1);
        assertThat(new Message("é", shorter, 0, false).topic()).isEqualTo("é");
        assertThatThrownBy(() -> new Message("€", shorter, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Message("t", java.util.Arrays.copyOf(payload, payload.length - 2), 1, false).qos()).isEqualTo(1);
    }

    @Test
    void largestSubscribeAndUnsubscribeFitExactly() {
        String longest = "f".repeat(65_535);
        int fullEntries = (RemainingLength.MAX - 2) / (65_535 + 3);
        int rest = RemainingLength.MAX - 2 - fullEntries * (65_535 + 3);
        List<Subscription> full = Collections.nCopies(fullEntries, new Subscription(longest, 0));
        List<Subscription> exact = concat(full, new Subscription("g".repeat(rest - 3), 0));
        assertThat(new Subscribe(1, exact).subscriptions()).hasSize(fullEntries + 1);
        assertThatThrownBy(() -> new Subscribe(1, concat(full, new Subscription("g".repeat(rest - 2), 0))))
                .hasMessage("SUBSCRIBE: subscriptions make the packet longer than 268435455 bytes");
        // Non-ASCII filters count their UTF-8 bytes.
        assertThat(new Subscribe(1, concat(full, new Subscription("é".repeat((rest - 3) / 2), 0))).id()).isEqualTo(1);

        int unsubscribeRest = RemainingLength.MAX - 2 - fullEntries * (65_535 + 2);
        List<String> filters = Collections.nCopies(fullEntries, longest);
        assertThat(new Unsubscribe(1, concat(filters, "g".repeat(unsubscribeRest - 2))).topicFilters())
                .hasSize(fullEntries + 1);
        assertThatThrownBy(() -> new Unsubscribe(1, concat(filters, "g".repeat(unsubscribeRest - 1))))
                .hasMessage("UNSUBSCRIBE: topic filters make the packet longer than 268435455 bytes");
        assertThat(new Unsubscribe(1, concat(filters, "é".repeat((unsubscribeRest - 2) / 2))).id()).isEqualTo(1);
    }

    private static <T> List<T> concat(List<T> list, T last) {
        List<T> all = new java.util.ArrayList<>(list);
        all.add(last);
        return all;
    }

    private static byte[] publishWithRawTopic(byte[] topic) {
        ByteBuffer packet = ByteBuffer.allocate(4 + topic.length + 1);
        packet.put((byte) 0x30).put((byte) (2 + topic.length + 1)).putShort((short) topic.length).put(topic).put((byte) 1);
        return packet.array();
    }
}
