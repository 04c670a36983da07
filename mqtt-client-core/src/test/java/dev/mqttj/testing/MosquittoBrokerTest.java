package dev.mqttj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mqttj.testing.RawMqttClient.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoBrokerTest {

    private static final int PUBREC = 5;
    private static final int PUBREL = 6;
    private static final int PUBCOMP = 7;

    @Test
    void publishesAndSubscribesOverTcp() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            assertRoundTrip(RawMqttClient.tcp(broker.port()), RawMqttClient.tcp(broker.port()));
            assertThat(broker.logFile()).exists();
            assertThat(broker.readLog()).contains("mosquitto version");
        }
    }

    @Test
    void servesEveryListenerAtOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).websocket(true).secureWebsocket(true)
                .start()) {
            assertThat(broker.tlsUrl()).isEqualTo("ssl://127.0.0.1:" + broker.tlsPort());
            assertThat(broker.wsUrl()).isEqualTo("ws://127.0.0.1:" + broker.wsPort() + "/mqtt");
            assertThat(broker.wssUrl()).isEqualTo("wss://127.0.0.1:" + broker.wssPort() + "/mqtt");
            assertThat(new int[] {broker.port(), broker.tlsPort(), broker.wsPort(), broker.wssPort()})
                    .doesNotHaveDuplicates();
            assertRoundTrip(RawMqttClient.tls(broker.tlsPort(), broker.clientSslContext()),
                    RawMqttClient.tcp(broker.port()));
            assertRoundTrip(RawMqttClient.ws(broker.wsPort()), RawMqttClient.tcp(broker.port()));
            assertRoundTrip(RawMqttClient.wss(broker.wssPort(), broker.clientSslContext()),
                    RawMqttClient.ws(broker.wsPort()));
        }
    }

    @Test
    void mutualTlsRequiresTheClientCertificate() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).requireClientCertificate(true).start()) {
            assertRoundTrip(RawMqttClient.tls(broker.tlsPort(), broker.mutualTlsSslContext()),
                    RawMqttClient.tcp(broker.port()));
            assertThatThrownBy(() -> {
                try (RawMqttClient anonymous = RawMqttClient.tls(broker.tlsPort(), broker.clientSslContext())) {
                    // TLS 1.3 reports the missing certificate on the first read, not in the handshake.
                    anonymous.connect("no-certificate", true);
                }
            }).isInstanceOfAny(SSLException.class, IOException.class);
        }
    }

    @Test
    void servesAnotherCertificateSetAndRotatesItOnRestart(@TempDir Path directory) throws Exception {
        TestCertificates other = TestCertificates.named("broker-test", "ip:127.0.0.1");
        TestCertificates served = TestCertificates.get().copyTo(directory);
        try (MosquittoBroker broker = MosquittoBroker.builder().tls(true).certificates(served).start()) {
            assertRoundTrip(RawMqttClient.tls(broker.tlsPort(), TestCertificates.get().clientContext()),
                    RawMqttClient.tcp(broker.port()));

            other.copyTo(directory);
            broker.restart();
            assertThat(broker.caCertificate()).isEqualTo(other.caCertificate());
            assertRoundTrip(RawMqttClient.tls(broker.tlsPort(), other.clientContext()), RawMqttClient.tcp(broker.port()));
            assertThatThrownBy(() -> {
                try (RawMqttClient stale = RawMqttClient.tls(broker.tlsPort(), TestCertificates.get().clientContext())) {
                    stale.connect("trusts-the-old-ca", true);
                }
            }).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void passwordFileAuthenticatesUsers() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().user("alice", "s3cret").allowAnonymous(false)
                .start()) {
            try (RawMqttClient client = RawMqttClient.tcp(broker.port())) {
                assertThat(client.connect("alice-1", true, "alice", "s3cret")).isZero();
            }
            try (RawMqttClient client = RawMqttClient.tcp(broker.port())) {
                assertThat(client.connect("alice-2", true, "alice", "wrong")).isEqualTo(5);
            }
            try (RawMqttClient client = RawMqttClient.tcp(broker.port())) {
                assertThat(client.connect("anonymous", true)).isEqualTo(5);
            }
        }
    }

    @Test
    void killedBrokerRestartsOnTheSamePortWithItsPersistedState() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().persistence(true).start()) {
            int port = broker.port();
            try (RawMqttClient subscriber = RawMqttClient.tcp(port)) {
                assertThat(subscriber.connect("durable", false)).isZero();
                assertThat(subscriber.subscribe(1, "queue/#", 1)).isEqualTo(1);
                subscriber.disconnect();
            }
            try (RawMqttClient publisher = RawMqttClient.tcp(port)) {
                assertThat(publisher.connect("publisher", true)).isZero();
                publisher.publish("state/retained", bytes("kept"), 1, 7, true);
                publisher.publish("queue/offline", bytes("queued"), 1, 8, false);
            }
            // The save happens in Mosquitto's main loop after the changes: wait for it before the crash.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(broker.persistenceFile())
                    && Files.readAllBytes(broker.persistenceFile()).length > 0
                    && new String(Files.readAllBytes(broker.persistenceFile()), StandardCharsets.ISO_8859_1)
                    .contains("queued"));
            long pid = broker.pid();

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(FreePorts.accepts(port, Duration.ofMillis(200))).isFalse();

            broker.start();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.pid()).isNotEqualTo(pid);
            try (RawMqttClient subscriber = RawMqttClient.tcp(port)) {
                assertThat(subscriber.connect("durable", false)).isZero();
                Received queued = subscriber.receivePublish();
                assertThat(queued.topic()).isEqualTo("queue/offline");
                assertThat(queued.payload()).isEqualTo("queued");
                subscriber.puback(queued.packetId());
                assertThat(subscriber.subscribe(2, "state/#", 0)).isZero();
                Received retained = subscriber.receivePublish();
                assertThat(retained.topic()).isEqualTo("state/retained");
                assertThat(retained.payload()).isEqualTo("kept");
                assertThat(retained.retain()).isTrue();
            }
        }
    }

    @Test
    void saveBeforeKillKeepsQos2HandshakesWhereTheyStood(@TempDir Path parent) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().persistence(true).persistenceDirectory(parent)
                // Saves only when asked: whatever survives the kill was written by save().
                .setting("autosave_on_changes", "false").setting("autosave_interval", "0")
                .start()) {
            int port = broker.port();
            assertThat(broker.persistenceFile().startsWith(parent)).as("persistence file in %s", parent).isTrue();
            try (RawMqttClient subscriber = RawMqttClient.tcp(port);
                    RawMqttClient publisher = RawMqttClient.tcp(port)) {
                assertThat(subscriber.connect("exactly-once", false)).isZero();
                assertThat(subscriber.subscribe(1, "q2", 2)).isEqualTo(2);
                assertThat(publisher.connect("publisher", true)).isZero();
                for (int id = 1; id <= 3; id++) {
                    publisher.publish("q2", bytes("m" + id), 2, id, false);
                    publisher.expect(PUBREC);
                    publisher.acknowledge(PUBREL, id);
                    publisher.expect(PUBCOMP);
                }
                Received done = subscriber.receivePublish();
                subscriber.acknowledge(PUBREC, done.packetId());
                subscriber.expect(PUBREL);
                subscriber.acknowledge(PUBCOMP, done.packetId());
                Received released = subscriber.receivePublish();
                subscriber.acknowledge(PUBREC, released.packetId());
                subscriber.expect(PUBREL);
                Received unacknowledged = subscriber.receivePublish();
                assertThat(List.of(done.payload(), released.payload(), unacknowledged.payload()))
                        .containsExactly("m1", "m2", "m3");
                subscriber.ping(); // the broker has read everything sent before
                broker.save();
                broker.kill();
            }
            broker.restart(); // after a kill: nothing to stop, the same port and file
            assertThat(broker.port()).isEqualTo(port);
            try (RawMqttClient subscriber = RawMqttClient.tcp(port)) {
                assertThat(subscriber.connect("exactly-once", false)).isZero();
                // m1 is complete and gone, m2 waits for PUBCOMP (so PUBREL again), m3 for PUBREC.
                byte[] pubrel = subscriber.expect(PUBREL);
                assertThat(((pubrel[0] & 0xFF) << 8) | (pubrel[1] & 0xFF)).isEqualTo(2);
                Received again = subscriber.receivePublish();
                assertThat(again.payload()).isEqualTo("m3");
                assertThat(again.packetId()).isEqualTo(3);
            }
        }
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("persistence directory deleted on close").isEmpty();
        }
    }

    @Test
    void gracefulRestartKeepsPortsAndServesAgain() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().websocket(true).start()) {
            int port = broker.port();
            int wsPort = broker.wsPort();
            for (int i = 0; i < 3; i++) {
                broker.restart();
                assertThat(broker.port()).isEqualTo(port);
                assertThat(broker.wsPort()).isEqualTo(wsPort);
                assertRoundTrip(RawMqttClient.ws(wsPort), RawMqttClient.tcp(port));
            }
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(FreePorts.accepts(port, Duration.ofMillis(200))).isFalse();
        }
    }

    @Test
    void survivesManyKillsAndRestarts() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().persistence(true).websocket(true).start()) {
            int port = broker.port();
            for (int i = 0; i < 10; i++) {
                broker.kill();
                broker.start();
                try (RawMqttClient client = RawMqttClient.tcp(port)) {
                    assertThat(client.connect("round-" + i, true)).as("CONNACK after restart %d", i).isZero();
                }
            }
            assertRoundTrip(RawMqttClient.ws(broker.wsPort()), RawMqttClient.tcp(port));
        }
    }

    @Test
    void restartOnATakenPortFailsWithTheLogAndWorksOnceItIsFree() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().start()) {
            int port = broker.port();
            broker.kill();
            try (java.net.ServerSocket squatter = new java.net.ServerSocket()) {
                squatter.bind(new java.net.InetSocketAddress(FreePorts.LOOPBACK, port));
                assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Address already in use")
                        .hasMessageContaining("listener " + port);
                assertThat(broker.isRunning()).isFalse();
            }
            broker.start();
            assertThat(broker.port()).isEqualTo(port);
            try (RawMqttClient client = RawMqttClient.tcp(port)) {
                assertThat(client.connect("after-squatter", true)).isZero();
            }
        }
    }

    @Test
    void failedStartReportsTheBrokersLog() {
        assertThatThrownBy(() -> MosquittoBroker.builder().setting("no_such_option", "1").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mosquitto exited")
                .hasMessageContaining("no_such_option");
    }

    @Test
    void closeDeletesTheTemporaryDirectory() {
        MosquittoBroker broker = MosquittoBroker.builder().persistence(true).start();
        assertThat(broker.directory()).isDirectory();
        broker.close();
        assertThat(broker.directory()).doesNotExist();
        assertThat(broker.isRunning()).isFalse();
    }

    static void assertRoundTrip(RawMqttClient subscriber, RawMqttClient publisher) throws IOException {
        try (subscriber; publisher) {
            assertThat(subscriber.connect("sub-" + System.nanoTime(), true)).isZero();
            assertThat(subscriber.subscribe(1, "test/+", 1)).isEqualTo(1);
            assertThat(publisher.connect("pub-" + System.nanoTime(), true)).isZero();
            publisher.publish("test/a", bytes("hello"), 1, 1, false);
            Received received = subscriber.receivePublish();
            assertThat(received.topic()).isEqualTo("test/a");
            assertThat(received.payload()).isEqualTo("hello");
            subscriber.puback(received.packetId());
            subscriber.ping();
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
