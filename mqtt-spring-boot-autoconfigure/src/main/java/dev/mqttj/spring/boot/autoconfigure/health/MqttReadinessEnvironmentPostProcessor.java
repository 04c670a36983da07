package dev.mqttj.spring.boot.autoconfigure.health;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code mqtt.health.readiness=true}, puts the {@code mqtt} health indicator into the readiness
 * group beside {@code readinessState}, and leaves the liveness group alone: a broker outage then takes
 * the instance out of load balancing but never gets it restarted. A readiness group the application
 * configures itself is left as it is.
 */
class MqttReadinessEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("mqtt.health.readiness", Boolean.class, false)
                || environment.containsProperty(READINESS_INCLUDE)) {
            return;
        }
        // Last, so that any property source of the application still wins.
        environment.getPropertySources().addLast(new MapPropertySource("mqttReadinessGroup",
                Map.of(READINESS_INCLUDE, "readinessState,mqtt")));
    }
}
