package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Config;

/**
 * Callback that adjusts the auto-configured {@link Config} before it is built, for settings the
 * {@code mqtt.*} properties do not cover (a custom dialer, the protocol version, ...). Beans of this
 * type are applied in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface MqttConfigCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, already holding the values from the properties
     */
    void customize(Config.Builder builder);
}
