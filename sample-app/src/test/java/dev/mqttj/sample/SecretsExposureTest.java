package dev.mqttj.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Passwords given in the broker URL and in {@code mqtt.password} appear nowhere an operator can look: not in the
 * actuator's env, configprops, health and mqtt endpoints, and not in the log while the service fails to connect.
 * Both secrets occur in none of the test's other strings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=*", "mqtt.client-id=secrets",
            "mqtt.username=bob", "mqtt.password=Pw7-from-properties", "mqtt.connect-timeout=1s",
            "mqtt.reconnect.min-delay=100ms", "mqtt.reconnect.max-delay=200ms", "management.server.port="})
@ExtendWith(OutputCaptureExtension.class)
class SecretsExposureTest {

    private static final String URL_SECRET = "Uq4-from-url";
    private static final String PROPERTY_SECRET = "Pw7-from-properties";

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Service service;

    @DynamicPropertySource
    static void brokerWithPasswordInTheUrl(DynamicPropertyRegistry registry) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int deadPort = closed;
        registry.add("mqtt.broker-url", () -> "tcp://alice:" + URL_SECRET + "@127.0.0.1:" + deadPort);
    }

    @Test
    void noEndpointAndNoLogLineShowsAPassword(CapturedOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> service.status().connectionAttempts() >= 2);
        for (String endpoint : new String[] {"env", "configprops", "health", "mqtt"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/" + endpoint)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(endpoint).isIn(200, 503);
            assertThat(response.body()).as(endpoint).isNotEmpty()
                    .doesNotContain(URL_SECRET).doesNotContain(PROPERTY_SECRET);
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).as("the URL is shown, its password masked").contains("alice:****@127.0.0.1:");
        assertThat(output.getAll()).contains("could not connect to tcp://alice:****@127.0.0.1:").doesNotContain(URL_SECRET)
                .doesNotContain(PROPERTY_SECRET);
        assertThat(service.status().toString()).doesNotContain(URL_SECRET);
    }
}
