package dev.mqttj.client;

import java.time.Duration;

/**
 * The broker did not accept the connection within the connect timeout: dialing took too long, or
 * the broker accepted TCP (and TLS) but sent no CONNACK in time.
 */
public final class ConnectTimeoutException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param brokerUrl the broker URL, with any password already masked
     * @param timeout the connect timeout that passed
     */
    public ConnectTimeoutException(String brokerUrl, Duration timeout) {
        super("no CONNACK from " + brokerUrl + " within the connect timeout of " + timeout);
    }

    /**
     * Creates the exception for a dial that timed out.
     *
     * @param brokerUrl the broker URL, with any password already masked
     * @param dialTimeout the dialer's timeout error, kept as the cause
     */
    public ConnectTimeoutException(String brokerUrl, java.io.IOException dialTimeout) {
        super("connecting to " + brokerUrl + " timed out: " + dialTimeout.getMessage(), dialTimeout);
    }
}
