package dev.mqttj.sample;

import dev.mqttj.spring.listener.MqttListenerErrorHandler;
import dev.mqttj.spring.listener.MqttListenerExecutionFailedException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The error handler the command listener names: logs the failure (listener, topic, cause) and counts it. The
 * message is then acknowledged, so it does not come back; rethrowing would ask the broker to deliver it again.
 */
@Component("countingErrorHandler")
public class CountingErrorHandler implements MqttListenerErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(CountingErrorHandler.class);

    private final AtomicLong failures = new AtomicLong();

    @Override
    public void handleError(MqttListenerExecutionFailedException failure) {
        failures.incrementAndGet();
        log.warn("Listener failed: {}", failure.getMessage());
    }

    long count() {
        return failures.get();
    }
}
