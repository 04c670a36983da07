package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;

/**
 * Wraps every listener invocation, for tracing (the auto-configuration's Micrometer {@code Observation} when
 * {@code mqtt.listener.observation-enabled=true}); set on the {@link MqttListenerEndpointRegistry}. Called on
 * the thread that runs the listener; must be thread-safe.
 */
@FunctionalInterface
public interface MqttListenerInvocationObserver {

    /**
     * Called before the listener runs.
     *
     * @param listenerId the listener's id
     * @param received the message
     * @return the scope the container stops after the listener and its error handler ran
     */
    Scope start(String listenerId, ReceivedMessage received);

    /** One observed invocation. */
    @FunctionalInterface
    interface Scope {

        /**
         * Ends the invocation.
         *
         * @param failure the listener's exception, or null if it returned
         */
        void stop(Throwable failure);
    }
}
