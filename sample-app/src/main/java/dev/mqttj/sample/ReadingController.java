package dev.mqttj.sample;

import dev.mqttj.spring.core.MqttTemplate;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /readings} publishes a reading; {@code GET /readings/latest} shows what the listeners received. */
@RestController
public class ReadingController {

    private final MqttTemplate mqtt;
    private final ReadingListeners listeners;
    private final CountingErrorHandler errors;

    ReadingController(MqttTemplate mqtt, ReadingListeners listeners, CountingErrorHandler errors) {
        this.mqtt = mqtt;
        this.listeners = listeners;
        this.errors = errors;
    }

    /**
     * Publishes a reading as JSON at QoS 1 to {@code sensors/{sensor}/temperature}; answers 202 once the broker
     * acknowledged it.
     *
     * @param reading the reading; {@code takenAt} defaults to now
     * @return a future of the response
     */
    @PostMapping("/readings")
    public CompletableFuture<ResponseEntity<Map<String, String>>> publish(@RequestBody Reading reading) {
        if (reading.sensor() == null || !reading.sensor().matches("[A-Za-z0-9_-]{1,64}")) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest()
                    .body(Map.of("error", "sensor must be 1 to 64 letters, digits, '_' or '-'")));
        }
        Reading stamped = reading.takenAt() != null ? reading
                : new Reading(reading.sensor(), reading.celsius(), Instant.now());
        String topic = "sensors/" + stamped.sensor() + "/temperature";
        return mqtt.publish(topic, stamped, 1, false)
                .thenApply(done -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("topic", topic)));
    }

    /**
     * Returns the latest reading per sensor and the alert count, as the listeners saw them.
     *
     * @return latest readings by sensor, alerts and failures
     */
    @GetMapping("/readings/latest")
    public Map<String, Object> latest() {
        return Map.of("readings", listeners.latest(), "alerts", listeners.alerts(),
                "failedMessages", errors.count());
    }
}
