package dev.mqttj.spring.core;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the application events about the MQTT connection. Published on the MQTT service's own
 * thread: listeners should return quickly and must not wait for MQTT acknowledgements.
 */
public abstract class MqttConnectionEvent extends ApplicationEvent {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the event.
     *
     * @param source the service whose connection the event is about
     */
    protected MqttConnectionEvent(Object source) {
        super(source);
    }
}
