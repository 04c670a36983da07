package dev.mqttj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerUrlTest {

    @Test
    void defaultPortsPerScheme() {
        assertThat(BrokerUrl.parse("tcp://h").port()).isEqualTo(1883);
        assertThat(BrokerUrl.parse("mqtt://h").port()).isEqualTo(1883);
        assertThat(BrokerUrl.parse("tls://h").port()).isEqualTo(8883);
        assertThat(BrokerUrl.parse("ssl://h").port()).isEqualTo(8883);
        assertThat(BrokerUrl.parse("mqtts://h").port()).isEqualTo(8883);
        assertThat(BrokerUrl.parse("ws://h").port()).isEqualTo(80);
        assertThat(BrokerUrl.parse("wss://h").port()).isEqualTo(443);
    }

    @Test
    void explicitPortHostAndPath() {
        BrokerUrl url = BrokerUrl.parse("WS://127.0.0.1:9001/mqtt?x=1");
        assertThat(url.scheme()).isEqualTo("ws");
        assertThat(url.host()).isEqualTo("127.0.0.1");
        assertThat(url.port()).isEqualTo(9001);
        assertThat(url.path()).isEqualTo("/mqtt?x=1");
        assertThat(url.webSocket()).isTrue();
        assertThat(url.secure()).isFalse();
        assertThat(BrokerUrl.parse("ws://h").path()).isEqualTo("/");
        assertThat(BrokerUrl.parse("tcp://h/ignored").path()).isEmpty();
    }

    @Test
    void ipv6Literal() {
        BrokerUrl url = BrokerUrl.parse("tcp://[::1]:1884");
        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.toString()).isEqualTo("tcp://[::1]:1884");
    }

    @Test
    void credentialsAreDecodedAndHiddenFromToString() {
        BrokerUrl url = BrokerUrl.parse("mqtts://us%3Aer:p%40ss+word@broker:8883");
        assertThat(url.username()).isEqualTo("us:er");
        assertThat(url.password()).isEqualTo("p@ss+word");
        assertThat(url.secure()).isTrue();
        assertThat(url.toString()).doesNotContain("p@ss").contains("****");
        assertThat(BrokerUrl.parse("tcp://onlyuser@h").password()).isNull();
    }

    @Test
    void rejectsBadUrlsWithoutLeakingThePassword() {
        assertThatThrownBy(() -> BrokerUrl.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BrokerUrl.parse("127.0.0.1:1883")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> BrokerUrl.parse("http://h")).hasMessageContaining("unsupported scheme 'http'");
        assertThatThrownBy(() -> BrokerUrl.parse("tcp://u:secret@:1883")).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> BrokerUrl.parse("tcp://h:70000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrokerUrl.parse("tcp://u:secret@h h")).hasMessageNotContaining("secret");
    }
}
