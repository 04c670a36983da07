package dev.mqttj.spring.listener;

/**
 * Decides what happens to a message whose listener threw: returning normally acknowledges the message (it is
 * done with), throwing refuses it, so that it is not acknowledged, the connection is closed and reopened, and
 * the broker delivers it again to the resumed session (with {@code mqtt.clean-session=false}: at-least-once
 * processing). A QoS 0 message is never delivered again, so its refusal is ignored and the connection stays
 * open. Choose the
 * handler per listener with
 * {@link dev.mqttj.spring.annotation.MqttListener#errorHandler()}; a bean of this type named
 * {@code mqttListenerErrorHandler} replaces the default, {@link #logAndAcknowledge()}.
 *
 * <p>Called on the thread that ran the listener; must be thread-safe when listeners run concurrently.
 */
@FunctionalInterface
public interface MqttListenerErrorHandler {

    /**
     * Handles a listener's failure.
     *
     * @param failure the failure, naming the listener and the topic, with the listener's exception as cause
     * @throws Exception to refuse the message so that the broker delivers it again
     */
    void handleError(MqttListenerExecutionFailedException failure) throws Exception;

    /**
     * Returns the default handler: logs the failure with the listener's id and the topic at ERROR level, then
     * acknowledges the message.
     *
     * @return the handler
     */
    static MqttListenerErrorHandler logAndAcknowledge() {
        return LoggingErrorHandler.INSTANCE;
    }

    /**
     * Returns a handler that asks for every failed message to be delivered again: it logs the failure at WARN
     * level and rethrows it. With a persistent session this gives at-least-once processing; a message that
     * always fails comes back after every reconnect.
     *
     * @return the handler
     */
    static MqttListenerErrorHandler redeliver() {
        return failure -> {
            LoggingErrorHandler.LOGGER.warn(failure.getMessage() + "; asking the broker to deliver it again",
                    failure.getCause());
            throw failure;
        };
    }
}
