package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MqttUrlsTests {

    @Test
    void masksTheSecretOfValidAndRefusedUrlsAlike() {
        assertThat(MqttUrls.masked(List.of("tcp://alice:Zk9-secret@127.0.0.1:1883", "alice:Zk9-secret@host:1883",
                "gopher://alice:Zk9-secret@host", "mqtt://alice:Zk9-secret@rest@host")))
                .containsExactly("tcp://alice:****@127.0.0.1:1883", "alice:****@host:1883", "gopher://alice:****@host",
                        "mqtt://alice:****@host");
        assertThat(MqttUrls.masked((String) null)).isNull();
    }
}
