package dev.mqttj.client;

import static dev.mqttj.client.FakeBrokerSupport.ACCEPTED;
import static dev.mqttj.client.FakeBrokerSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mqttj.packet.PacketType;
import dev.mqttj.testing.FakeBroker;
import dev.mqttj.testing.Flow;
import dev.mqttj.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A password given in a broker URL appears in no exception message or cause, no {@code toString()} and no
 * log line. The password below occurs in none of the test's other strings, so any occurrence is a leak.
 */
class SecretsTest {

    private static final String PASSWORD = "Xq7-nPf2-unseen";

    @ParameterizedTest
    @ValueSource(strings = {
        "alice:" + PASSWORD + "@host:1883",
        "//alice:" + PASSWORD + "@host:1883",
        "mqtt://alice:" + PASSWORD + "@rest-of-it@host:1883",
        "mqtt://alice:" + PASSWORD + "@ho st:1883",
        "gopher://alice:" + PASSWORD + "@host",
        "mqtt://alice:" + PASSWORD + "@host:99999",
        "mqtt://alice:" + PASSWORD + "@:1883",
        "mqtt://alice:" + PASSWORD + "@host:1883/a b"})
    void refusedUrlsNeverShowThePassword(String url) {
        Throwable thrown = catchThrowable(() -> Config.builder(url).build());
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alice:****@");
        assertNoSecret(thrown);

        Throwable failover = catchThrowable(() -> Config.builder("tcp://127.0.0.1").failoverUrls(List.of(url)));
        assertThat(failover).isInstanceOf(IllegalArgumentException.class);
        assertNoSecret(failover);
    }

    @Test
    void aConnectedClientAndItsConfigDescribeThemselvesWithoutThePassword() throws Exception {
        Flow flow = Flow.create().receiveAny(PacketType.CONNECT).send(ACCEPTED)
                .receiveAny(PacketType.DISCONNECT).end();
        try (FakeBroker broker = FakeBroker.start(flow)) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Config config = Config.builder("tcp://alice:" + PASSWORD + "@127.0.0.1:" + broker.port())
                    .clientId("secrets").failoverUrls(List.of("tcp://bob:" + PASSWORD + "@127.0.0.1:1")).build();
            Client client = new Client();
            client.setLogger(lines::add);
            ConnectFuture future = client.connect(config);
            future.await(WAIT);

            assertThat(client.toString()).contains("alice:****@").doesNotContain(PASSWORD);
            assertThat(config.toString()).contains("alice:****@").contains("bob:****@").doesNotContain(PASSWORD);
            assertThat(future.toString()).doesNotContain(PASSWORD);
            client.disconnect();
            broker.awaitDone(WAIT);
            assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        }
    }

    @Test
    void failedConnectionsReportWithoutThePassword() {
        String url = "tcp://alice:" + PASSWORD + "@127.0.0.1:" + FreePorts.pick();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        Service service = new Service();
        service.setConnectTimeout(Duration.ofMillis(500));
        service.setErrorCallback(errors::add);
        service.setLogger(lines::add);
        service.start(Config.withClientId(url, "secrets-service"));
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !errors.isEmpty());
            assertThat(service.status().toString()).contains("alice:****@").doesNotContain(PASSWORD);
        } finally {
            service.stop(true);
        }
        errors.forEach(SecretsTest::assertNoSecret);
        assertThat(lines).noneMatch(line -> line.contains(PASSWORD));

        ConnectFuture future = new Client().connect(Config.withClientId(url, "secrets-client"));
        assertNoSecret(future.failure().orElseThrow());
    }

    /** Checks every message, every cause and the printed stack trace, which includes suppressed exceptions. */
    private static void assertNoSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            assertThat(t.toString()).doesNotContain(PASSWORD);
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(PASSWORD);
    }
}
