package dev.mqttj.packet;

import static dev.mqttj.packet.Wire.body;
import static dev.mqttj.packet.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per wire rule: the decoder refuses the violation with a message naming packet and field. */
class DecoderRulesTest {

    static MalformedPacketException malformed(byte[] packet, PacketType type, String field) {
        MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class,
                () -> PacketDecoder.decode(packet));
        assertThat(e).as("decoding must fail for %s", field).isNotNull();
        assertThat(e.packetType()).isEqualTo(type);
        if (type != null) {
            assertThat(e.getMessage()).startsWith(type.name() + ": ");
        }
        assertThat(e.getMessage()).contains(field);
        return e;
    }

    // ---- fixed header ----

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0xF0})
    void reservedPacketTypesAreRefused(int firstByte) {
        malformed(bytes(firstByte, 0), null, "packet type");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"PUBREL", "SUBSCRIBE", "UNSUBSCRIBE"})
    void pubrelSubscribeUnsubscribeFlagsMustBe0010(PacketType type) {
        malformed(bytes(type.code() << 4, 2, 0, 1), type, "fixed header flags must be 0b0010 but were 0b0000");
        malformed(bytes(type.code() << 4 | 0b0011, 2, 0, 1), type, "fixed header flags");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CONNECT", "CONNACK", "PUBACK", "PUBREC", "PUBCOMP", "SUBACK",
        "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT"})
    void otherPacketsFlagsMustBeZero(PacketType type) {
        malformed(bytes(type.code() << 4 | 0b0001, 0), type, "fixed header flags must be 0b0000 but were 0b0001");
    }

    @Test
    void publishQos3IsRefused() {
        malformed(body().str("a").u16(1).packet(0x36), PacketType.PUBLISH, "QoS must be 0..2 but was 3");
    }

    @Test
    void publishDupOnlyWithQosAboveZero() {
        malformed(body().str("a").packet(0x38), PacketType.PUBLISH, "DUP flag");
    }

    @Test
    void remainingLengthIsAtMostFourBytes() {
        malformed(bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), PacketType.PUBLISH, "remaining length");
    }

    @Test
    void remainingLengthAboveMaximumPacketSizeFailsBeforeAllocating() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        // 268,435,455: the largest remaining length the protocol can express
        MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class,
                () -> new PacketDecoder().decode(ByteBuffer.wrap(bytes(0x30, 0xFF, 0xFF, 0xFF, 0x7F, 0, 1))));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e).isNotNull();
        assertThat(e.packetType()).isEqualTo(PacketType.PUBLISH);
        assertThat(e.getMessage()).contains("remaining length 268435455 exceeds the maximum packet size 8388608");
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(1_000_000);
    }

    @Test
    void remainingLengthAboveConfiguredMaximumIsRefused() throws Exception {
        PacketDecoder decoder = new PacketDecoder(100);
        byte[] ok = PacketEncoder.encode(new Publish(new Message("t", new byte[90], 0, false), false, 0));
        assertThat(decoder.decode(ByteBuffer.wrap(ok))).isInstanceOf(Publish.class);
        byte[] tooLong = PacketEncoder.encode(new Publish(new Message("t", new byte[100], 0, false), false, 0));
        MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class,
                () -> decoder.decode(ByteBuffer.wrap(tooLong, 0, 3)));
        assertThat(e.getMessage()).isEqualTo("PUBLISH: remaining length 103 exceeds the maximum packet size 100");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"CONNACK", "PUBACK", "PUBREC", "PUBCOMP", "UNSUBACK"})
    void acknowledgementsHaveRemainingLengthExactlyTwo(PacketType type) {
        malformed(bytes(type.code() << 4, 3, 0, 1, 0), type, "remaining length must be 2 but was 3");
        malformed(bytes(type.code() << 4, 1, 0), type, "remaining length must be 2 but was 1");
    }

    @Test
    void pubrelHasRemainingLengthExactlyTwo() {
        malformed(bytes(0x62, 0), PacketType.PUBREL, "remaining length must be 2 but was 0");
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"PINGREQ", "PINGRESP", "DISCONNECT"})
    void pingsAndDisconnectHaveRemainingLengthZero(PacketType type) {
        malformed(bytes(type.code() << 4, 1, 0), type, "remaining length must be 0 but was 1");
    }

    // ---- packet ids ----

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"PUBACK", "PUBREC", "PUBCOMP", "UNSUBACK"})
    void acknowledgementPacketIdsAreNonZero(PacketType type) {
        malformed(bytes(type.code() << 4, 2, 0, 0), type, "packet id must be 1..65535 but was 0");
    }

    @Test
    void pubrelPacketIdIsNonZero() {
        malformed(bytes(0x62, 2, 0, 0), PacketType.PUBREL, "packet id must be 1..65535 but was 0");
    }

    @Test
    void publishWithQosAboveZeroHasNonZeroPacketId() {
        malformed(body().str("a").u16(0).packet(0x32), PacketType.PUBLISH, "packet id must be 1..65535 but was 0");
    }

    @Test
    void subscribeUnsubscribeSubackPacketIdsAreNonZero() {
        malformed(body().u16(0).str("a").u8(0).packet(0x82), PacketType.SUBSCRIBE, "packet id");
        malformed(body().u16(0).u8(0).packet(0x90), PacketType.SUBACK, "packet id");
        malformed(body().u16(0).str("a").packet(0xA2), PacketType.UNSUBSCRIBE, "packet id");
    }

    // ---- QoS ----

    @Test
    void subscribeRequestedQosIsZeroToTwo() {
        malformed(body().u16(1).str("a").u8(3).packet(0x82), PacketType.SUBSCRIBE, "requested QoS must be 0..2");
    }

    @Test
    void subscribeRequestedQosReservedBitsAreZero() {
        malformed(body().u16(1).str("a").u8(0x81).packet(0x82), PacketType.SUBSCRIBE,
                "requested QoS reserved bits");
        malformed(body().u16(1).str("a").u8(0x04).packet(0x82), PacketType.SUBSCRIBE,
                "requested QoS reserved bits");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 0x7F, 0x81, 0xFF})
    void subackReturnCodesAreQosOrFailure(int code) {
        malformed(body().u16(1).u8(0, code).packet(0x90), PacketType.SUBACK, "return code must be 0, 1, 2 or 0x80");
    }

    @Test
    void subackAcceptsFailureCode() throws Exception {
        assertThat(PacketDecoder.decode(body().u16(7).u8(0x80, 2).packet(0x90)))
                .isEqualTo(new Suback(7, java.util.List.of(Suback.FAILURE, 2)));
    }

    // ---- strings ----

    @Test
    void utf8OverlongFormsAreRefused() {
        malformed(body().rawStr(0xC0, 0x80).packet(0x30), PacketType.PUBLISH, "topic name is not well-formed UTF-8: overlong");
        malformed(body().rawStr(0xC1, 0xBF).packet(0x30), PacketType.PUBLISH, "overlong");
        malformed(body().rawStr(0xE0, 0x80, 0xAF).packet(0x30), PacketType.PUBLISH, "overlong");
        malformed(body().rawStr(0xF0, 0x80, 0x80, 0xAF).packet(0x30), PacketType.PUBLISH, "overlong");
    }

    @Test
    void utf8EncodedSurrogatesAreRefused() {
        malformed(body().rawStr(0x61, 0xED, 0xA0, 0x80).packet(0x30), PacketType.PUBLISH,
                "topic name is not well-formed UTF-8: encoded UTF-16 surrogate at byte 1");
    }

    @Test
    void utf8TruncatedSequencesAreRefused() {
        malformed(body().rawStr(0x61, 0xE2, 0x82).packet(0x30), PacketType.PUBLISH, "truncated sequence");
        malformed(body().rawStr(0xF0, 0x9F, 0x98).packet(0x30), PacketType.PUBLISH, "truncated sequence");
        malformed(body().rawStr(0xE2, 0x41, 0x41).packet(0x30), PacketType.PUBLISH, "bad continuation byte");
    }

    @Test
    void utf8InvalidBytesAreRefused() {
        malformed(body().rawStr(0x80).packet(0x30), PacketType.PUBLISH, "invalid lead byte");
        malformed(body().rawStr(0xFF).packet(0x30), PacketType.PUBLISH, "invalid lead byte");
        malformed(body().rawStr(0xF4, 0x90, 0x80, 0x80).packet(0x30), PacketType.PUBLISH, "above U+10FFFF");
    }

    @Test
    void stringsMustNotContainNul() {
        malformed(body().rawStr(0x61, 0x00).packet(0x30), PacketType.PUBLISH, "topic name contains U+0000");
        malformed(body().rawStr(0xC3, 0xA9, 0x00).packet(0x30), PacketType.PUBLISH, "topic name contains U+0000");
        malformed(body().connectHeader(0x02).rawStr(0x61, 0x00).packet(0x10), PacketType.CONNECT,
                "client id contains U+0000");
        // Long enough for the eight-byte scan, and past the non-ASCII fallback.
        malformed(body().connectHeader(0x02).rawStr(0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x00)
                .packet(0x10), PacketType.CONNECT, "client id contains U+0000 at index 9");
        malformed(body().connectHeader(0x02).rawStr(0xC3, 0xA9, 0x62, 0x00).packet(0x10), PacketType.CONNECT,
                "client id contains U+0000 at byte 3");
        malformed(body().connectHeader(0x02 | 0x80).str("c").rawStr(0x75, 0x00).packet(0x10), PacketType.CONNECT,
                "username contains U+0000");
        malformed(body().str("MQTT").u8(4, 0x02 | 0x04).u16(60).str("c").rawStr(0x61, 0x2F, 0x00).u16(0)
                .packet(0x10), PacketType.CONNECT, "will topic name contains U+0000");
    }

    @Test
    void stringLengthMustFitInTheRemainingLength() {
        malformed(body().u16(100).u8('a', 'b').packet(0x30), PacketType.PUBLISH,
                "topic name is truncated: declares 100 bytes but 2 remain");
        malformed(body().u8(0).packet(0x30), PacketType.PUBLISH, "topic name length is truncated");
    }

    @Test
    void wellFormedMultiByteStringsAreAccepted() throws Exception {
        String topic = "é/日本/\uD83D\uDE00";
        Publish p = (Publish) PacketDecoder.decode(body().str(topic).packet(0x30));
        assertThat(p.message().topic()).isEqualTo(topic);
    }

    // ---- topic names and filters ----

    @Test
    void publishTopicNameHasNoWildcards() {
        MalformedPacketException e = malformed(body().str("a/+").packet(0x30), PacketType.PUBLISH, "topic name");
        assertThat(e.getMessage()).isEqualTo("PUBLISH: topic name contains wildcard '+' at index 2");
        malformed(body().str("a/#").packet(0x30), PacketType.PUBLISH, "topic name contains wildcard '#'");
    }

    @Test
    void publishTopicNameIsNotEmpty() {
        malformed(body().str("").packet(0x30), PacketType.PUBLISH, "topic name must not be empty");
    }

    @Test
    void subscribeFiltersFollowWildcardRules() {
        malformed(body().u16(1).str("a+/b").u8(0).packet(0x82), PacketType.SUBSCRIBE, "topic filter has '+'");
        malformed(body().u16(1).str("a/#/b").u8(0).packet(0x82), PacketType.SUBSCRIBE, "topic filter has '#'");
        malformed(body().u16(1).str("a#").packet(0xA2), PacketType.UNSUBSCRIBE, "topic filter has '#'");
    }

    @Test
    void sharedSubscriptionFiltersFollowTheSameRulesAsTheConstructor() throws Exception {
        malformed(body().u16(1).str("$share/+/a").u8(0).packet(0x82), PacketType.SUBSCRIBE,
                "topic filter has wildcard '+' at index 7 in its shared subscription group");
        malformed(body().u16(1).str("$share//a").u8(0).packet(0x82), PacketType.SUBSCRIBE,
                "topic filter has an empty shared subscription group");
        malformed(body().u16(1).str("$share/g/").u8(0).packet(0x82), PacketType.SUBSCRIBE,
                "topic filter has no topic filter after its shared subscription group");
        malformed(body().u16(1).str("$share/").u8(0).packet(0x82), PacketType.SUBSCRIBE,
                "topic filter has no topic filter after its shared subscription group");
        malformed(body().u16(1).str("$share/g").packet(0xA2), PacketType.UNSUBSCRIBE,
                "topic filter has no topic filter after its shared subscription group");
        malformed(body().u16(1).str("$share/group-name/x#").packet(0xA2), PacketType.UNSUBSCRIBE,
                "topic filter has '#' at index 19 that is not a whole last level");
        Subscribe valid = new Subscribe(3, java.util.List.of(new Subscription("$share/g/+/x", 1),
                new Subscription("$share/group-name/#", 0), new Subscription("$share", 0)));
        assertThat(PacketDecoder.decode(PacketEncoder.encode(valid))).isEqualTo(valid);
    }

    // ---- CONNECT ----

    @Test
    void connectProtocolNameMustBeKnown() {
        malformed(body().str("MQTX").u8(4, 2).u16(0).str("c").packet(0x10), PacketType.CONNECT,
                "protocol name must be MQTT or MQIsdp but was 'MQTX'");
    }

    @Test
    void connectProtocolLevelMustMatchName() {
        malformed(body().str("MQTT").u8(3, 2).u16(0).str("c").packet(0x10), PacketType.CONNECT,
                "protocol level must be 4 for protocol name MQTT but was 3");
        malformed(body().str("MQIsdp").u8(4, 2).u16(0).str("c").packet(0x10), PacketType.CONNECT,
                "protocol level must be 3 for protocol name MQIsdp but was 4");
        malformed(body().str("MQTT").u8(5, 2).u16(0).str("c").packet(0x10), PacketType.CONNECT, "protocol level");
    }

    @Test
    void connectReservedFlagBitIsZero() {
        malformed(body().connectHeader(0x03).str("c").packet(0x10), PacketType.CONNECT,
                "connect flags reserved bit 0 must be 0");
    }

    @Test
    void connectWillQosAndRetainOnlyWithWillFlag() {
        malformed(body().connectHeader(0x02 | 0x08).str("c").packet(0x10), PacketType.CONNECT, "will QoS and will retain");
        malformed(body().connectHeader(0x02 | 0x20).str("c").packet(0x10), PacketType.CONNECT, "will QoS and will retain");
    }

    @Test
    void connectWillQosIsZeroToTwo() {
        malformed(body().connectHeader(0x02 | 0x04 | 0x18).str("c").str("w").u16(0).packet(0x10),
                PacketType.CONNECT, "will QoS must be 0..2 but was 3");
    }

    @Test
    void connectWillTopicIsAValidTopicName() {
        malformed(body().connectHeader(0x02 | 0x04).str("c").str("w/#").u16(0).packet(0x10),
                PacketType.CONNECT, "will topic name contains wildcard '#'");
    }

    @Test
    void connectPasswordOnlyWithUsername() {
        malformed(body().connectHeader(0x02 | 0x40).str("c").str("pw").packet(0x10), PacketType.CONNECT,
                "password flag must not be set without the username flag");
    }

    @Test
    void connectEmptyClientIdOnlyWithCleanSession() throws Exception {
        malformed(body().connectHeader(0x00).str("").packet(0x10), PacketType.CONNECT,
                "client id must not be empty without clean session");
        assertThat(PacketDecoder.decode(body().connectHeader(0x02).str("").packet(0x10)))
                .isEqualTo(new Connect(ProtocolVersion.MQTT_3_1_1, "", 60, true, null, null, null));
    }

    @Test
    void connectMqtt31ClientIdIsOneTo23Characters() {
        malformed(body().str("MQIsdp").u8(3, 2).u16(0).str("").packet(0x10), PacketType.CONNECT,
                "client id must be 1..23 characters in MQTT 3.1 but was 0");
        malformed(body().str("MQIsdp").u8(3, 2).u16(0).str("x".repeat(24)).packet(0x10), PacketType.CONNECT,
                "client id must be 1..23 characters");
    }

    @Test
    void connectFieldsMustBePresentForTheirFlags() {
        malformed(body().connectHeader(0x02 | 0x80).str("c").packet(0x10), PacketType.CONNECT, "username length");
        malformed(body().connectHeader(0x02 | 0x04).str("c").str("w").packet(0x10), PacketType.CONNECT,
                "will payload length");
    }

    // ---- CONNACK ----

    @Test
    void connackReservedBitsAreZero() {
        malformed(bytes(0x20, 2, 0x02, 0), PacketType.CONNACK, "acknowledge flags reserved bits");
    }

    @Test
    void connackReturnCodeIsZeroToFive() {
        malformed(bytes(0x20, 2, 0, 6), PacketType.CONNACK, "return code must be 0..5 but was 6");
    }

    // ---- entries and trailing bytes ----

    @Test
    void subscribeHasAtLeastOneEntry() {
        malformed(body().u16(1).packet(0x82), PacketType.SUBSCRIBE, "subscriptions must have at least one entry");
    }

    @Test
    void unsubscribeHasAtLeastOneEntry() {
        malformed(body().u16(1).packet(0xA2), PacketType.UNSUBSCRIBE, "topic filters must have at least one entry");
    }

    @Test
    void subackHasAtLeastOneEntry() {
        malformed(body().u16(1).packet(0x90), PacketType.SUBACK, "return codes must have at least one entry");
    }

    @Test
    void noTrailingBytesInsideTheRemainingLength() {
        malformed(body().connectHeader(0x02).str("c").u8(0).packet(0x10), PacketType.CONNECT,
                "1 trailing bytes after the last field");
        malformed(body().u16(1).str("a").u8(1, 0).packet(0x82), PacketType.SUBSCRIBE, "topic filter length");
    }

    @Test
    void wholePacketDecodeRefusesTrailingAndMissingBytes() {
        malformed(bytes(0xC0, 0, 0), PacketType.PINGREQ, "1 trailing bytes after the packet");
        malformed(bytes(0x40, 2, 0), PacketType.PUBACK, "truncated");
        malformed(bytes(), null, "truncated");
    }

    @Test
    void decoderIsReusableAfterReset() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        assertThat(decoder.decode(ByteBuffer.wrap(bytes(0x30, 10, 0)))).isNull();
        decoder.reset();
        assertThat(decoder.decode(ByteBuffer.wrap(bytes(0xC0, 0)))).isEqualTo(Pingreq.INSTANCE);
    }

    @Test
    void publishFixedHeaderFlagsBecomeMessageFields() throws Exception {
        Publish p = (Publish) PacketDecoder.decode(body().str("a").u16(9).u8('x').packet(0x3D));
        assertThat(p).isEqualTo(new Publish(new Message("a", new byte[] {'x'}, 2, true), true, 9));
    }
}
