package dev.mqttj.spring.boot.autoconfigure.health;

import org.springframework.boot.health.contributor.Health;

/**
 * Adds details to the {@link MqttHealthIndicator}'s report, after the connection's; the listener
 * auto-configuration contributes the listeners this way. Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface MqttHealthDetailsContributor {

    /**
     * Adds details; must not change the status and must be cheap, as it runs on every health probe.
     *
     * @param builder the report being built
     */
    void contribute(Health.Builder builder);
}
