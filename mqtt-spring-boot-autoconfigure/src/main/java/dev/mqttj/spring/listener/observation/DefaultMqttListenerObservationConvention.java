package dev.mqttj.spring.listener.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names, after OpenTelemetry's messaging conventions: observation {@code mqtt.listener.process},
 * low-cardinality {@code messaging.system=mqtt}, {@code messaging.operation=process} and
 * {@code messaging.consumer.group.name} (the listener id); high-cardinality {@code messaging.destination.name}
 * (the topic).
 */
public class DefaultMqttListenerObservationConvention implements MqttListenerObservationConvention {

    /** The shared instance. */
    public static final DefaultMqttListenerObservationConvention INSTANCE = new DefaultMqttListenerObservationConvention();

    /** Creates the convention. */
    public DefaultMqttListenerObservationConvention() {
    }

    @Override
    public String getName() {
        return "mqtt.listener.process";
    }

    @Override
    public String getContextualName(MqttListenerObservationContext context) {
        return "mqtt process " + context.getListenerId();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MqttListenerObservationContext context) {
        return KeyValues.of("messaging.system", "mqtt", "messaging.operation", "process",
                "messaging.consumer.group.name", context.getListenerId());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MqttListenerObservationContext context) {
        return KeyValues.of("messaging.destination.name", context.getTopic());
    }
}
