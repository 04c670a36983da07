package dev.mqttj.sample;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The sample's listeners: one per kind the starter supports. */
@Component
public class ReadingListeners {

    private static final Logger log = LoggerFactory.getLogger(ReadingListeners.class);

    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final AtomicLong alerts = new AtomicLong();

    /**
     * Keeps the latest reading of each sensor: the topic variable binds the sensor id, the payload is JSON.
     *
     * @param sensor the sensor id from the topic
     * @param reading the reading
     */
    @MqttListener(id = "latest", topics = "sensors/{sensor}/temperature", qos = "1")
    public void onReading(@TopicVariable("sensor") String sensor, Reading reading) {
        latest.put(sensor, reading);
    }

    /**
     * Counts hot readings. The shared group means that when several instances of this service run, each reading
     * is counted by one of them only.
     *
     * @param reading the reading
     */
    @MqttListener(id = "alerts", topics = "sensors/+/temperature", group = "${sample.alerts.group:alerts}", qos = "1")
    public void onHotReading(Reading reading) {
        if (reading.celsius() >= 40) {
            alerts.incrementAndGet();
            log.info("Hot reading from {}: {} °C", reading.sensor(), reading.celsius());
        }
    }

    /**
     * Refuses every command, to show the error handler at work: the failure goes to {@link CountingErrorHandler}.
     *
     * @param device the device id from the topic
     * @param command the command text
     */
    @MqttListener(id = "commands", topics = "devices/{device}/commands", errorHandler = "countingErrorHandler")
    public void onCommand(@TopicVariable("device") String device, String command) {
        throw new IllegalArgumentException("device " + device + " does not understand '" + command + "'");
    }

    Map<String, Reading> latest() {
        return new TreeMap<>(latest);
    }

    long alerts() {
        return alerts.get();
    }

}
