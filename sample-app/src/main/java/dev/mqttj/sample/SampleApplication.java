package dev.mqttj.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample service. It starts, shows the starter at work and stops cleanly.
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
