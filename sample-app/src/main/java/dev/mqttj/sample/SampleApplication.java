package dev.mqttj.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample service: publishes readings through {@code MqttTemplate}, receives them with {@code @MqttListener}s and
 * reports the connection through the actuator. Without configuration it runs on an embedded broker; set
 * {@code mqtt.broker-url} to use any other.
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * Runs the sample service.
     *
     * @param args Spring Boot command line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
