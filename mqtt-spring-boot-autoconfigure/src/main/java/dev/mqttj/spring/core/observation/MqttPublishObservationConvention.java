package dev.mqttj.spring.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a publish observation and its key values; define a bean of this type to replace
 * {@link DefaultMqttPublishObservationConvention}.
 */
public interface MqttPublishObservationConvention extends ObservationConvention<MqttPublishObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MqttPublishObservationContext;
    }
}
