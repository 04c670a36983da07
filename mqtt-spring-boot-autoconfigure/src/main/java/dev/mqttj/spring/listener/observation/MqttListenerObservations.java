package dev.mqttj.spring.listener.observation;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.spring.listener.MqttListenerInvocationObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Observes every listener invocation as a Micrometer {@link Observation}, in scope while the listener runs so
 * that its own observations (a publish, a database call) become children of it.
 */
public final class MqttListenerObservations implements MqttListenerInvocationObserver {

    private final ObservationRegistry registry;
    private final MqttListenerObservationConvention convention;

    /**
     * Creates the observer.
     *
     * @param registry the observation registry
     * @param convention the application's convention, or null for the default
     */
    public MqttListenerObservations(ObservationRegistry registry, MqttListenerObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    /**
     * Starts the observation of one invocation and opens its scope.
     *
     * @param listenerId the listener's id
     * @param received the message
     * @return closes the scope, records the listener's failure and stops the observation
     */
    @Override
    public Scope start(String listenerId, ReceivedMessage received) {
        MqttListenerObservationContext context = new MqttListenerObservationContext(listenerId,
                received.message().topic(), received.message().qos());
        Observation observation = Observation.createNotStarted(convention,
                DefaultMqttListenerObservationConvention.INSTANCE, () -> context, registry).start();
        Observation.Scope scope = observation.openScope();
        return failure -> {
            scope.close();
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        };
    }
}
