package dev.mqttj.spring.listener;

/**
 * Told about every listener invocation, for meters; set on the {@link MqttListenerEndpointRegistry}. Called on
 * the thread that ran the listener, once per message and listener; must be fast and thread-safe.
 */
@FunctionalInterface
public interface MqttListenerInvocationListener {

    /** Does nothing. (A class rather than a lambda: every start creates it, and a cold JVM spins each lambda.) */
    MqttListenerInvocationListener NONE = new MqttListenerInvocationListener() {
        @Override
        public void invoked(String listenerId, Outcome outcome, long nanos) {
        }
    };

    /**
     * Records one invocation.
     *
     * @param listenerId the listener's id
     * @param outcome how the invocation ended
     * @param nanos how long the listener (and its error handler) ran
     */
    void invoked(String listenerId, Outcome outcome, long nanos);

    /** How a listener invocation ended. */
    enum Outcome {
        /** The listener returned; the message is acknowledged. */
        SUCCESS,
        /** The listener failed and its error handler acknowledged the message. */
        FAILURE,
        /** The listener failed and its error handler asked for the message to be delivered again. */
        REDELIVERY;

        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        /**
         * Returns the outcome as a meter tag value.
         *
         * @return {@code success}, {@code failure} or {@code redelivery}
         */
        public String tag() {
            return tag;
        }
    }
}
