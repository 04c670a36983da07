package dev.mqttj.benchmarks.spring;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;

/**
 * The listeners the dispatch benchmark measures, as an application writes them: one with a topic variable
 * and a text payload, one with a JSON record payload. Both subscribe at the listener default, QoS 1.
 */
public class SensorListeners {

    /** The filter of {@link #temperature(String, String)}. */
    public static final String TEMPERATURE_TEMPLATE = "sensors/{id}/temperature";
    /** The filter of {@link #reading(Reading)}. */
    public static final String READING_FILTER = "readings/+";

    private final Tally temperatures = new Tally();
    private final Tally readings = new Tally();

    /**
     * Receives a temperature as text.
     *
     * @param id the sensor, from the topic
     * @param payload the temperature
     */
    @MqttListener(id = "temperature", topics = TEMPERATURE_TEMPLATE)
    public void temperature(@TopicVariable String id, String payload) {
        temperatures.add(id, payload);
    }

    /**
     * Receives a reading as JSON.
     *
     * @param reading the reading
     */
    @MqttListener(id = "reading", topics = READING_FILTER)
    public void reading(Reading reading) {
        readings.add(reading);
    }

    Tally temperatures() {
        return temperatures;
    }

    Tally readings() {
        return readings;
    }
}
