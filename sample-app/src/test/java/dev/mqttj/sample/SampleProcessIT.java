package dev.mqttj.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged sample as a user runs it: {@code java -jar sample-app.jar} with no broker installed. It reports
 * UP with its MQTT component, passes a reading from HTTP through the broker to its listener, exposes its meters
 * to Prometheus and exits cleanly on SIGTERM.
 */
class SampleProcessIT {

    private static final Duration START = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path output;

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void runsOnItsEmbeddedBrokerAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Paths.get(System.getProperty("sample.jar", "target/sample-app.jar"));
        assertThat(jar).as("the packaged sample").exists();
        int port = freePort();
        output = Files.createTempFile("sample-app", ".log");
        process = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        String base = "http://127.0.0.1:" + port;

        await().atMost(START).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertThat(get(base + "/actuator/health").body())
                        .contains("\"mqtt\":{").endsWith("\"status\":\"UP\"}"));

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/readings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sensor\":\"garage\",\"celsius\":12.25}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(base + "/readings/latest").body())
                .contains("\"garage\"").contains("12.25"));

        String prometheus = get(base + "/actuator/prometheus").body();
        assertThat(prometheus).contains("mqtt_client_connected").contains("mqtt_client_messages_published_total");

        process.destroy(); // SIGTERM, as a service manager stops it
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within the disconnect timeout").isTrue();
        String log = Files.readString(output);
        assertThat(process.exitValue()).as(log).isIn(0, 143);
        assertThat(log).as("no stack trace on the way out").doesNotContain("Exception\n\tat ")
                .doesNotContain("\tat dev.mqttj");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
