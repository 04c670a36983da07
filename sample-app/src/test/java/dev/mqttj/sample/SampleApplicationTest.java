package dev.mqttj.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.spring.core.MqttTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample in one JVM, on its embedded broker: the HTTP API, the listeners and the health report. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mqtt.client-id=sample-test", "management.server.port="})
class SampleApplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Service service;

    @Autowired
    MqttTemplate template;

    @Test
    void aPostedReadingReachesTheListener() throws Exception {
        await().atMost(WAIT).until(service::isOnline);
        HttpResponse<String> posted = post("/readings", "{\"sensor\":\"kitchen\",\"celsius\":41.5}");
        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(posted.body()).contains("sensors/kitchen/temperature");

        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/readings/latest").body())
                .contains("\"kitchen\"").contains("41.5"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/readings/latest").body()).contains("\"alerts\":1"));
    }

    @Test
    void anInvalidSensorIsRefused() throws Exception {
        assertThat(post("/readings", "{\"sensor\":\"a/b\",\"celsius\":1}").statusCode()).isEqualTo(400);
    }

    @Test
    void aFailingListenerGoesToItsErrorHandlerAndTheServiceStaysOnline() throws Exception {
        await().atMost(WAIT).until(service::isOnline);
        template.publishAndWait("devices/d1/commands", "reboot", WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/readings/latest").body())
                .contains("\"failedMessages\":1"));
        assertThat(service.isOnline()).isTrue();
    }

    @Test
    void healthShowsTheMqttConnection() throws Exception {
        await().atMost(WAIT).until(service::isOnline);
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"mqtt\"").contains("\"status\":\"UP\"").contains("tcp://127.0.0.1:");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
