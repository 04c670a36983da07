package dev.mqttj.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per value rule: constructors refuse invalid fields with a message naming packet and field. */
class ConstructorRulesTest {
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;
    private static final ProtocolVersion V31 = ProtocolVersion.MQTT_3_1;

    @Test
    void packetIdsAreOneTo65535() {
        assertThatThrownBy(() -> new Subscribe(0, List.of(new Subscription("a", 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SUBSCRIBE: packet id must be 1..65535 but was 0");
        assertThatThrownBy(() -> new Puback(65536)).hasMessage("PUBACK: packet id must be 1..65535 but was 65536");
        assertThatThrownBy(() -> new Pubrec(0)).hasMessageStartingWith("PUBREC: packet id");
        assertThatThrownBy(() -> new Pubrel(-1)).hasMessageStartingWith("PUBREL: packet id");
        assertThatThrownBy(() -> new Pubcomp(0)).hasMessageStartingWith("PUBCOMP: packet id");
        assertThatThrownBy(() -> new Unsuback(0)).hasMessageStartingWith("UNSUBACK: packet id");
        assertThatThrownBy(() -> new Suback(0, List.of(0))).hasMessageStartingWith("SUBACK: packet id");
        assertThatThrownBy(() -> new Unsubscribe(0, List.of("a"))).hasMessageStartingWith("UNSUBSCRIBE: packet id");
        assertThat(PacketIds.check("PUBACK", 65535)).isEqualTo(65535);
    }

    @Test
    void publishIdIsZeroExactlyForQos0() {
        assertThatThrownBy(() -> new Publish(new Message("a", null, 0, false), false, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PUBLISH: packet id must be 0 for QoS 0 but was 5");
        assertThatThrownBy(() -> new Publish(new Message("a", null, 1, false), false, 0))
                .hasMessage("PUBLISH: packet id must be 1..65535 but was 0");
    }

    @Test
    void publishDupOnlyWithQosAboveZero() {
        assertThatThrownBy(() -> new Publish(new Message("a", null, 0, false), true, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PUBLISH: DUP flag must be 0 for QoS 0");
        assertThatThrownBy(() -> PacketEncoder.encodePublish(new Message("a", null, 0, false), true, 0,
                ByteBuffer.allocate(10))).hasMessage("PUBLISH: DUP flag must be 0 for QoS 0");
    }

    @Test
    void messageQosIsZeroToTwo() {
        assertThatThrownBy(() -> new Message("a", null, 3, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Message: QoS must be 0..2 but was 3");
        assertThatThrownBy(() -> new Message("a", null, -1, false)).hasMessageContaining("QoS");
    }

    @Test
    void messageTopicIsAValidTopicName() {
        assertThatThrownBy(() -> new Message("a/+", null, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Message: topic name contains wildcard '+' at index 2");
        assertThatThrownBy(() -> new Message("#", null, 0, false)).hasMessage("Message: topic name contains wildcard '#' at index 0");
        assertThatThrownBy(() -> new Message("", null, 0, false)).hasMessage("Message: topic name must not be empty");
        assertThatThrownBy(() -> new Message("a\u0000", null, 0, false)).hasMessageContaining("topic name contains U+0000");
        assertThatThrownBy(() -> new Message("a\uD800b", null, 0, false))
                .hasMessageContaining("topic name contains an unpaired surrogate");
        assertThatThrownBy(() -> new Message(null, null, 0, false)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("topic name");
    }

    @Test
    void stringsAreAtMost65535BytesOfUtf8() {
        assertThat(new Message("a".repeat(65535), null, 0, false).topic()).hasSize(65535);
        assertThatThrownBy(() -> new Message("é".repeat(32768), null, 0, false))
                .hasMessage("Message: topic name is 65536 bytes long in UTF-8, more than 65535");
        assertThatThrownBy(() -> new Subscription("a".repeat(65536), 0)).hasMessageStartingWith("SUBSCRIBE: topic filter is");
        assertThatThrownBy(() -> new Connect(V311, "a".repeat(65536), 0, true, null, null, null))
                .hasMessageStartingWith("CONNECT: client id is");
    }

    @Test
    void messagePayloadNullBecomesEmptyAndIsNotCopied() {
        assertThat(new Message("a", null, 0, false).payload()).isEmpty();
        byte[] payload = {1, 2};
        assertThat(new Message("a", payload, 0, false).payload()).isSameAs(payload);
    }

    @Test
    void messageEqualityAndToStringUseContentNotIdentity() {
        Message a = new Message("t", new byte[] {1, 2, 3}, 1, true);
        Message b = new Message("t", new byte[] {1, 2, 3}, 1, true);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Message("t", new byte[] {1, 2, 4}, 1, true));
        assertThat(a.toString()).contains("topic=t", "qos=1", "retain=true", "3 bytes");
        assertThat(Message.of("x", "héllo").payloadAsString()).isEqualTo("héllo");
        assertThat(Message.of("x", "héllo").payload()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void subscriptionFilterWildcardsFillWholeLevels() {
        assertThat(new Subscription("+/a/+/#", 2).topicFilter()).isEqualTo("+/a/+/#");
        assertThat(new Subscription("#", 0).qos()).isZero();
        assertThatThrownBy(() -> new Subscription("a+", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SUBSCRIBE: topic filter has '+' at index 1 that does not fill a whole level");
        assertThatThrownBy(() -> new Subscription("a/#/b", 0))
                .hasMessage("SUBSCRIBE: topic filter has '#' at index 2 that is not a whole last level");
        assertThatThrownBy(() -> new Subscription("a#", 0)).hasMessageContaining("topic filter has '#'");
        assertThatThrownBy(() -> new Subscription("", 0)).hasMessage("SUBSCRIBE: topic filter must not be empty");
        assertThatThrownBy(() -> new Unsubscribe(1, List.of("+a"))).hasMessageStartingWith("UNSUBSCRIBE: topic filter has '+'");
    }

    @Test
    void subscriptionQosIsZeroToTwo() {
        assertThatThrownBy(() -> new Subscription("a", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SUBSCRIBE: requested QoS must be 0..2 but was 3");
    }

    @Test
    void listsHaveAtLeastOneEntryAndAreCopied() {
        assertThatThrownBy(() -> new Subscribe(1, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SUBSCRIBE: subscriptions must have at least one entry");
        assertThatThrownBy(() -> new Unsubscribe(1, List.of())).hasMessage("UNSUBSCRIBE: topic filters must have at least one entry");
        assertThatThrownBy(() -> new Suback(1, List.of())).hasMessage("SUBACK: return codes must have at least one entry");
        List<String> filters = new ArrayList<>(List.of("a"));
        Unsubscribe u = new Unsubscribe(1, filters);
        filters.add("b");
        assertThat(u.topicFilters()).containsExactly("a");
    }

    @Test
    void subackCodesAreQosOrFailure() {
        assertThat(new Suback(1, List.of(0, 1, 2, Suback.FAILURE)).returnCodes()).hasSize(4);
        assertThatThrownBy(() -> new Suback(1, List.of(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SUBACK: return code must be 0, 1, 2 or 0x80 but was 3");
    }

    @Test
    void connectEmptyClientIdOnlyWithCleanSession() {
        assertThat(new Connect(V311, "", 0, true, null, null, null).clientId()).isEmpty();
        assertThatThrownBy(() -> new Connect(V311, "", 0, false, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CONNECT: client id must not be empty without clean session");
    }

    @Test
    void connectMqtt31ClientIdIsOneTo23Characters() {
        assertThat(new Connect(V31, "x".repeat(23), 0, true, null, null, null).version()).isEqualTo(V31);
        assertThatThrownBy(() -> new Connect(V31, "x".repeat(24), 0, true, null, null, null))
                .hasMessage("CONNECT: client id must be 1..23 characters in MQTT 3.1 but was 24");
        assertThatThrownBy(() -> new Connect(V31, "", 0, true, null, null, null))
                .hasMessageStartingWith("CONNECT: client id must be 1..23");
    }

    @Test
    void connectPasswordOnlyWithUsername() {
        byte[] pw = {1};
        assertThatThrownBy(() -> new Connect(V311, "c", 0, true, null, null, pw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CONNECT: password must not be set without a username");
        assertThatThrownBy(() -> new Connect(V31, "c", 0, true, null, null, pw))
                .hasMessage("CONNECT: password must not be set without a username");
    }

    @Test
    void connectKeepAliveIsZeroTo65535() {
        assertThatThrownBy(() -> new Connect(V311, "c", 65536, true, null, null, null))
                .hasMessage("CONNECT: keep alive must be 0..65535 but was 65536");
    }

    @Test
    void connectWillPayloadAndPasswordAreAtMost65535Bytes() {
        Message bigWill = new Message("w", new byte[65536], 0, false);
        assertThatThrownBy(() -> new Connect(V311, "c", 0, true, bigWill, null, null))
                .hasMessage("CONNECT: will payload must be at most 65535 bytes but was 65536");
        assertThatThrownBy(() -> new Connect(V311, "c", 0, true, null, "u", new byte[65536]))
                .hasMessage("CONNECT: password must be at most 65535 bytes but was 65536");
    }

    @Test
    void connectToStringNeverShowsThePassword() {
        byte[] secret = "hunter2-s3cret".getBytes(StandardCharsets.UTF_8);
        Connect c = new Connect(V311, "client", 30, true, Message.of("will", "bye"), "user", secret);
        String text = c.toString();
        assertThat(text).doesNotContain("hunter2").doesNotContain(java.util.Arrays.toString(secret))
                .contains("password=****", "clientId=client", "username=user");
        assertThat(new Connect(V311, "client", 30, true, null, null, null).toString()).doesNotContain("password");
    }

    @Test
    void connectEqualityComparesPasswordContent() {
        Connect a = new Connect(V311, "c", 1, true, null, "u", new byte[] {1, 2});
        Connect b = new Connect(V311, "c", 1, true, null, "u", new byte[] {1, 2});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Connect(V311, "c", 1, true, null, "u", new byte[] {1, 3}));
    }

    @Test
    void enumLookupsRefuseUnknownCodes() {
        assertThat(PacketType.of(3)).isEqualTo(PacketType.PUBLISH);
        assertThat(PacketType.DISCONNECT.code()).isEqualTo(14);
        assertThatThrownBy(() -> PacketType.of(15)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("packet type");
        assertThat(ConnackCode.of(5)).isEqualTo(ConnackCode.NOT_AUTHORIZED);
        assertThat(ConnackCode.NOT_AUTHORIZED.description()).isEqualTo("not authorized");
        assertThatThrownBy(() -> ConnackCode.of(6)).hasMessageContaining("CONNACK: return code");
        assertThat(ProtocolVersion.ofLevel(3)).isEqualTo(V31);
        assertThat(V31.protocolName()).isEqualTo("MQIsdp");
        assertThat(V311.protocolName()).isEqualTo("MQTT");
        assertThat(V311.level()).isEqualTo(4);
        assertThatThrownBy(() -> ProtocolVersion.ofLevel(5)).hasMessageContaining("protocol level");
    }

    @Test
    void encodeWritesNothingWhenTheBufferLacksRoom() {
        Publish p = new Publish(Message.of("topic", "payload"), false, 0);
        ByteBuffer small = ByteBuffer.allocate(PacketEncoder.encodedLength(p) - 1);
        assertThatThrownBy(() -> PacketEncoder.encode(p, small)).isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();
        assertThat(small.array()).containsOnly(0);
        assertThatThrownBy(() -> PacketEncoder.encodePublish(p.message(), false, 0, small))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();
    }

    @Test
    void encodeIgnoresTheBufferByteOrder() throws Exception {
        Subscribe s = new Subscribe(0x1234, List.of(new Subscription("a/b", 1)));
        ByteBuffer little = ByteBuffer.allocate(100).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        PacketEncoder.encode(s, little);
        little.flip();
        assertThat(new PacketDecoder().decode(little)).isEqualTo(s);
        assertThat(PacketEncoder.encode(s)).startsWith(0x82, 8, 0x12, 0x34, 0, 3, 'a', '/', 'b', 1);
    }
}
