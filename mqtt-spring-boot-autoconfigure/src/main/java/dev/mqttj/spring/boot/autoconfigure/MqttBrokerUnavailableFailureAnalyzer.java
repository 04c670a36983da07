package dev.mqttj.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link MqttBrokerUnavailableException} (fail-fast startup without a broker) as what to
 * check instead of a stack trace.
 */
class MqttBrokerUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<MqttBrokerUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MqttBrokerUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(), "Check that the broker runs and that mqtt.broker-url,"
                + " mqtt.failover-urls, mqtt.username/mqtt.password and mqtt.ssl.bundle match it, or set"
                + " mqtt.fail-fast=false so the application starts and connects in the background.", cause);
    }
}
