package dev.mqttj.spring.core.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names, after OpenTelemetry's messaging conventions: observation {@code mqtt.publish},
 * low-cardinality {@code messaging.system=mqtt}, {@code messaging.operation=publish} and
 * {@code mqtt.qos}; high-cardinality {@code messaging.destination.name} (the topic) and
 * {@code messaging.message.body.size}.
 */
public class DefaultMqttPublishObservationConvention implements MqttPublishObservationConvention {

    /** The shared instance. */
    public static final DefaultMqttPublishObservationConvention INSTANCE = new DefaultMqttPublishObservationConvention();

    private static final KeyValues[] LOW_BY_QOS = new KeyValues[3];

    static {
        for (int qos = 0; qos <= 2; qos++) {
            LOW_BY_QOS[qos] = KeyValues.of("messaging.system", "mqtt", "messaging.operation", "publish", "mqtt.qos",
                    Integer.toString(qos));
        }
    }

    /** Creates the convention. */
    public DefaultMqttPublishObservationConvention() {
    }

    @Override
    public String getName() {
        return "mqtt.publish";
    }

    @Override
    public String getContextualName(MqttPublishObservationContext context) {
        return "mqtt publish";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(MqttPublishObservationContext context) {
        // Built once per QoS: the set is the same for every message of that QoS.
        return LOW_BY_QOS[context.getQos()];
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(MqttPublishObservationContext context) {
        return KeyValues.of("messaging.destination.name", context.getTopic(), "messaging.message.body.size",
                Integer.toString(context.getPayloadSize()));
    }
}
