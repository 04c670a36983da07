package dev.mqttj.packet;

import static dev.mqttj.packet.Wire.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * The exact text of decoder and constructor errors at the edges of their ranges, and the decoder's state after
 * it refused a packet.
 */
class DecoderMessagesTest {

    @Test
    void trailingAndTruncatedFieldsAreCountedInTheMessage() {
        assertThatThrownBy(() -> PacketDecoder.decode(body().connectHeader(0x02).str("c").u8(1, 2).packet(0x10)))
                .hasMessage("CONNECT: remaining length leaves 2 trailing bytes after the last field");
        assertThatThrownBy(() -> PacketDecoder.decode(body().u16(5).u8('a', 'b', 'c').packet(0x30)))
                .hasMessage("PUBLISH: topic name is truncated: declares 5 bytes but 3 remain");
        assertThatThrownBy(() -> PacketDecoder.decode(body().u8(0).packet(0x30)))
                .hasMessage("PUBLISH: topic name length is truncated: needs 2 bytes but 1 remain");
    }

    @Test
    void constructorRulesReadTheSameThroughTheDecoder() {
        // The constructor's packet name is replaced by the decoder's, never doubled or cut.
        byte[] longId = body().str("MQIsdp").u8(3, 0x02).u16(60).str("c".repeat(24)).packet(0x10);
        assertThatThrownBy(() -> PacketDecoder.decode(longId))
                .hasMessage("CONNECT: client id must be 1..23 characters in MQTT 3.1 but was 24");
        byte[] emptyIdWithoutCleanSession = body().connectHeader(0).str("").packet(0x10);
        assertThatThrownBy(() -> PacketDecoder.decode(emptyIdWithoutCleanSession))
                .hasMessage("CONNECT: client id must not be empty without clean session");
        assertThatThrownBy(() -> PacketDecoder.decode(body().u16(0).str("a").u8(0).packet(0x82)))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("SUBSCRIBE: packet id must be 1..65535 but was 0");
    }

    @Test
    void connectCutShortInsideItsProtocolNameSaysSo() {
        assertThatThrownBy(() -> PacketDecoder.decode(body().u16(4).u8('M', 'Q', 'T').packet(0x10)))
                .hasMessage("CONNECT: protocol name is truncated: declares 4 bytes but 3 remain");
    }

    @Test
    void aByteFieldPastTheEndOfTheBodyIsMissing() {
        assertThatThrownBy(() -> PacketDecoder.decode(body().u16(1).str("a").packet(0x82)))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageStartingWith("SUBSCRIBE: ")
                .hasMessageEndingWith(" is missing: the packet ends before it");
    }

    @Test
    void aDecoderThatRefusedAPacketStartsOverWithTheNextOne() throws MalformedPacketException {
        byte[][] refused = {
            {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, // remaining length of five bytes
            {(byte) 0xC0, 0x01}, // PINGREQ with a body
            {0x30, (byte) 0x80, 0x01}, // over the maximum packet size below
        };
        for (byte[] bad : refused) {
            PacketDecoder decoder = new PacketDecoder(100);
            // One byte at a time, so the general path (not the whole-small-packet one) reads the header.
            assertThatThrownBy(() -> {
                for (byte b : bad) {
                    decoder.decode(ByteBuffer.wrap(new byte[] {b}));
                }
            }).isInstanceOf(MalformedPacketException.class);
            assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0xC0}))).isNull();
            assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0x00}))).isEqualTo(new Pingreq());
        }
    }

    @Test
    void connectFieldsAcceptTheirLargestValueAndRefuseOneMore() {
        byte[] max = new byte[65_535];
        byte[] over = new byte[65_536];
        assertThat(new Connect(ProtocolVersion.MQTT_3_1_1, "c", 65_535, true, new Message("w", max, 0, false),
                "u", max).keepAlive()).isEqualTo(65_535);
        assertThatThrownBy(() -> connect(65_536, null, "u", null))
                .hasMessage("CONNECT: keep alive must be 0..65535 but was 65536");
        assertThatThrownBy(() -> connect(-1, null, "u", null))
                .hasMessage("CONNECT: keep alive must be 0..65535 but was -1");
        assertThatThrownBy(() -> connect(0, new Message("w", over, 0, false), "u", null))
                .hasMessage("CONNECT: will payload must be at most 65535 bytes but was 65536");
        assertThatThrownBy(() -> connect(0, null, "u", over))
                .hasMessage("CONNECT: password must be at most 65535 bytes but was 65536");
        assertThatThrownBy(() -> connect(0, null, "u\0", null))
                .hasMessage("CONNECT: username contains U+0000 at index 1");
        assertThatThrownBy(() -> connect(0, null, null, new byte[1]))
                .hasMessage("CONNECT: password must not be set without a username");
    }

    @Test
    void publishLengthChecksTheIdAgainstTheQos() {
        Message qos1 = new Message("t", new byte[3], 1, false);
        assertThat(PacketEncoder.publishLength(qos1, 1)).isEqualTo(2 + 2 + 1 + 2 + 3);
        assertThatThrownBy(() -> PacketEncoder.publishLength(qos1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.publishLength(new Message("t", null, 0, false), 5))
                .hasMessage("PUBLISH: packet id must be 0 for QoS 0 but was 5");
    }

    @Test
    void subscriptionDescribesItself() {
        assertThat(new Subscription("a/+", 1)).hasToString("Subscription[topicFilter=a/+, qos=1]");
    }

    private static Connect connect(int keepAlive, Message will, String username, byte[] password) {
        return new Connect(ProtocolVersion.MQTT_3_1_1, "c", keepAlive, true, will, username, password);
    }
}
