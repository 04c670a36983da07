package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.client.Service;

/**
 * Callback that adjusts the auto-configured {@link Service} before it is started, for example to
 * set a message callback or a logger. Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface MqttServiceCustomizer {

    /**
     * Customizes the service.
     *
     * @param service the service, configured from the properties and not yet started
     */
    void customize(Service service);
}
