package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqttj.packet.Message;
import dev.mqttj.packet.ProtocolVersion;
import dev.mqttj.transport.Dialer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsFollowGomqttNewConfig() {
        Config config = Config.of("tcp://127.0.0.1:1883");
        assertThat(config.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(config.clientId()).isEmpty();
        assertThat(config.cleanSession()).isTrue();
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.validateSubs()).isTrue();
        assertThat(config.readLimit()).isEqualTo(8 * 1024 * 1024);
        assertThat(config.maxWriteDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.alwaysAnnounceOnPublish()).isFalse();
        assertThat(config.willMessage()).isNull();
        assertThat(config.dialer()).isSameAs(Dialer.defaultDialer());
        assertThat(config.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(config.maxInflight()).isEqualTo(Config.DEFAULT_MAX_INFLIGHT).isEqualTo(20);
    }

    @Test
    void maxInflightAcceptsTheWholePacketIdRange() {
        assertThat(Config.builder("tcp://h").maxInflight(1).build().maxInflight()).isEqualTo(1);
        assertThat(Config.builder("tcp://h").maxInflight(65535).build().maxInflight()).isEqualTo(65535);
        assertThat(Config.builder("tcp://h").maxInflight(1000).build().toString()).contains("maxInflight=1000");
    }

    @Test
    void maxInflightOutsideOneTo65535IsRejectedNamingTheField() {
        for (int bad : new int[] {0, -1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> Config.builder("tcp://h").maxInflight(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxInflight").hasMessageContaining(String.valueOf(bad));
        }
    }

    @Test
    void withClientIdSetsTheId() {
        assertThat(Config.withClientId("mqtt://0.0.0.0", "gomqtt/client").clientId()).isEqualTo("gomqtt/client");
    }

    @Test
    void keepAliveAcceptsGoStrings() {
        assertThat(Config.builder("tcp://h").keepAlive("1m30s").build().keepAlive()).isEqualTo(Duration.ofSeconds(90));
        assertThat(Config.builder("tcp://h").keepAlive("250ms").build().keepAlive()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> Config.builder("tcp://h").keepAlive("-1s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlive");
        assertThatThrownBy(() -> Config.builder("tcp://h").keepAlive(Duration.ofSeconds(65536)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlive");
    }

    @Test
    void credentialsComeFromTheUrlUnlessSetExplicitly() {
        Config fromUrl = Config.of("tcp://alice:s%40cret@127.0.0.1:1883");
        assertThat(fromUrl.username()).isEqualTo("alice");
        assertThat(fromUrl.password()).isEqualTo("s@cret");
        Config explicit = fromUrl.toBuilder().username("bob").password("pw").build();
        assertThat(explicit.username()).isEqualTo("bob");
        assertThat(explicit.password()).isEqualTo("pw");
    }

    @Test
    void toStringNeverShowsThePassword() {
        Config config = Config.builder("tcp://alice:topsecret@127.0.0.1").password("othersecret").build();
        assertThat(config.toString()).doesNotContain("topsecret").doesNotContain("othersecret").contains("****");
    }

    @Test
    void rejectsInvalidSettingsNamingTheField() {
        assertThatThrownBy(() -> Config.of("http://127.0.0.1")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> Config.of("tcp://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Config.builder("tcp://h").readLimit(1)).hasMessageContaining("readLimit");
        assertThatThrownBy(() -> Config.builder("tcp://h").maxWriteDelay(Duration.ofMillis(-1)))
                .hasMessageContaining("maxWriteDelay");
        assertThatThrownBy(() -> Config.builder("tcp://h").password("x").build()).hasMessageContaining("username");
        assertThatThrownBy(() -> Config.builder("tcp://h").clientId(null)).hasMessageContaining("clientId");
    }

    @Test
    void toBuilderCopiesEverything() {
        Message will = new Message("will", new byte[] {1}, 1, true);
        Config config = Config.builder("ws://127.0.0.1:9001/mqtt").clientId("c").cleanSession(false)
                .keepAlive(Duration.ofSeconds(5)).willMessage(will).validateSubs(false).readLimit(1024)
                .maxWriteDelay(Duration.ZERO).alwaysAnnounceOnPublish(true).username("u").password("p")
                .protocolVersion(ProtocolVersion.MQTT_3_1).maxInflight(7).build();
        Config copy = config.toBuilder().build();
        assertThat(copy.maxInflight()).isEqualTo(7);
        assertThat(copy.toString()).isEqualTo(config.toString());
        assertThat(copy.willMessage()).isEqualTo(will);
        assertThat(copy.password()).isEqualTo("p");
    }

    @Test
    void everyNonDefaultSettingReadsBack() {
        Message will = new Message("will", new byte[] {1}, 1, true);
        Dialer dialer = Dialer.defaultDialer();
        Config config = Config.builder("tcp://127.0.0.1:1884").clientId("c").cleanSession(false)
                .keepAlive(Duration.ofSeconds(5)).willMessage(will).validateSubs(false).readLimit(1024)
                .maxWriteDelay(Duration.ofMillis(3)).alwaysAnnounceOnPublish(true).dialer(dialer)
                .protocolVersion(ProtocolVersion.MQTT_3_1).maxInflight(7).build();
        assertThat(config.cleanSession()).isFalse();
        assertThat(config.validateSubs()).isFalse();
        assertThat(config.alwaysAnnounceOnPublish()).isTrue();
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readLimit()).isEqualTo(1024);
        assertThat(config.maxWriteDelay()).isEqualTo(Duration.ofMillis(3));
        assertThat(config.willMessage()).isEqualTo(will);
        assertThat(config.dialer()).isSameAs(dialer);
        assertThat(config.parsedUrl().port()).isEqualTo(1884);
        assertThat(config.username()).isNull();
        assertThat(config.password()).isNull();
        assertThat(config.toString()).contains("password=null").doesNotContain("****")
                .contains("cleanSession=false").contains("validateSubs=false").contains("readLimit=1024");
    }

    @Test
    void rangesAreInclusiveAtBothEnds() {
        assertThat(Config.builder("tcp://h").keepAlive(Duration.ZERO).build().keepAlive()).isZero();
        assertThat(Config.builder("tcp://h").keepAlive(Duration.ofSeconds(65535)).build().keepAlive())
                .isEqualTo(Duration.ofSeconds(65535));
        assertThatThrownBy(() -> Config.builder("tcp://h").keepAlive(Duration.ofSeconds(65535).plusNanos(1)))
                .hasMessage("keepAlive must be between 0 and 65535s but was PT18H12M15.000000001S");
        assertThatThrownBy(() -> Config.builder("tcp://h").keepAlive((Duration) null)).hasMessageContaining("keepAlive");
        assertThat(Config.builder("tcp://h").readLimit(2).build().readLimit()).isEqualTo(2);
        assertThat(Config.builder("tcp://h").readLimit(268_435_455L).build().readLimit()).isEqualTo(268_435_455);
        assertThatThrownBy(() -> Config.builder("tcp://h").readLimit(268_435_456L))
                .hasMessage("readLimit must be between 2 and 268435455 bytes but was 268435456");
        assertThatThrownBy(() -> Config.builder("tcp://h").dialer(null)).hasMessage("dialer must not be null");
    }

    @Test
    void brokerUrlsListTheMainUrlFirstThenTheFailoverUrlsInOrder() {
        Config config = Config.builder("tcp://a:1883").failoverUrls(List.of("tcp://b:1883", "tcp://c:1883")).build();

        assertThat(config.brokerUrls()).containsExactly("tcp://a:1883", "tcp://b:1883", "tcp://c:1883");
        assertThatThrownBy(() -> config.brokerUrls().add("tcp://d:1883"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Config.builder("tcp://a:1883").build().brokerUrls()).containsExactly("tcp://a:1883");
    }

    @Test
    void failoverUrlsAreCheckedAndNamedByPositionWithPasswordsMasked() {
        Config.Builder builder = Config.builder("tcp://a:1883");

        assertThatThrownBy(() -> builder.failoverUrls(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failoverUrls must not be null");
        assertThatThrownBy(() -> builder.failoverUrls(java.util.Arrays.asList("tcp://b:1883", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("failoverUrls[1] must not be null");
        assertThatThrownBy(() -> builder.failoverUrls(List.of("tcp://b:1883", "gopher://bob:Fx9-secret@c:70")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("failoverUrls[1]: ")
                .hasMessageNotContaining("Fx9-secret");
    }

    @Test
    void failoverUrlsAreCopiedAndShownMasked() {
        List<String> urls = new java.util.ArrayList<>(List.of("tcp://bob:Kq2-secret@b:1883"));
        Config config = Config.builder("tcp://a:1883").failoverUrls(urls).build();
        urls.clear();

        assertThat(config.brokerUrls()).hasSize(2);
        assertThat(config.toString()).contains("failoverUrls=[tcp://bob:****@b:1883]").doesNotContain("Kq2-secret");
        assertThat(Config.builder("tcp://a:1883").build().toString()).doesNotContain("failoverUrls");
    }

    @Test
    void withBrokerUrlKeepsEverythingElseAndReturnsItselfForItsOwnUrl() {
        Config config = Config.builder("tcp://a:1883").failoverUrls(List.of("tcp://b:1883")).clientId("same")
                .maxInflight(7).build();

        Config moved = config.withBrokerUrl("tcp://b:1883");

        assertThat(moved.brokerUrl()).isEqualTo("tcp://b:1883");
        assertThat(moved.clientId()).isEqualTo("same");
        assertThat(moved.maxInflight()).isEqualTo(7);
        assertThat(config.withBrokerUrl("tcp://a:1883")).isSameAs(config);
    }

    @Test
    void maxPendingAcknowledgementsAcceptsOneTo65535() {
        assertThat(Config.builder("tcp://h").build().maxPendingAcknowledgements())
                .isEqualTo(Config.DEFAULT_MAX_PENDING_ACKNOWLEDGEMENTS);
        assertThat(Config.builder("tcp://h").maxPendingAcknowledgements(1).build().maxPendingAcknowledgements())
                .isEqualTo(1);
        assertThat(Config.builder("tcp://h").maxPendingAcknowledgements(65535).build().maxPendingAcknowledgements())
                .isEqualTo(65535);
        assertThatThrownBy(() -> Config.builder("tcp://h").maxPendingAcknowledgements(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPendingAcknowledgements");
        assertThatThrownBy(() -> Config.builder("tcp://h").maxPendingAcknowledgements(65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    }

    @Test
    void connectTimeoutMustBePositive() {
        assertThat(Config.builder("tcp://h").build().connectTimeout()).isEqualTo(Config.DEFAULT_CONNECT_TIMEOUT);
        assertThat(Config.builder("tcp://h").connectTimeout(Duration.ofMillis(1)).build().connectTimeout())
                .isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> Config.builder("tcp://h").connectTimeout(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> Config.builder("tcp://h").connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> Config.builder("tcp://h").connectTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
    }
}
