package dev.mqttj.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** The default {@link MqttListenerErrorHandler}: log, then acknowledge. */
final class LoggingErrorHandler implements MqttListenerErrorHandler {

    static final Log LOGGER = LogFactory.getLog(MqttListenerErrorHandler.class);

    static final LoggingErrorHandler INSTANCE = new LoggingErrorHandler();

    private LoggingErrorHandler() {
    }

    @Override
    public void handleError(MqttListenerExecutionFailedException failure) {
        LOGGER.error(failure.getMessage() + "; the message is acknowledged", failure.getCause());
    }

    @Override
    public String toString() {
        return "MqttListenerErrorHandler.logAndAcknowledge()";
    }
}
