package dev.mqttj.spring.listener.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a listener invocation; define a bean of this type to replace
 * {@link DefaultMqttListenerObservationConvention}.
 */
public interface MqttListenerObservationConvention extends ObservationConvention<MqttListenerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MqttListenerObservationContext;
    }
}
