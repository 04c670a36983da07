package dev.mqttj.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidMqttPropertiesException} into Spring Boot's startup report: one line per
 * invalid property instead of a stack trace.
 */
class MqttPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMqttPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidMqttPropertiesException cause) {
        StringBuilder description = new StringBuilder("The MQTT connection cannot be configured:\n");
        for (String problem : cause.problems()) {
            description.append("\n    ").append(problem);
        }
        return new FailureAnalysis(description.toString(),
                "Correct the mqtt.* properties named above (or the MqttConnectionDetails bean that supplies them).",
                cause);
    }
}
