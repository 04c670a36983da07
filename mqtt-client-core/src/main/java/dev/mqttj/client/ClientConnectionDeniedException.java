package dev.mqttj.client;

import dev.mqttj.packet.ConnackCode;

/**
 * Reported when the broker refused the connection; the return code says why.
 */
public final class ClientConnectionDeniedException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /** The broker's CONNACK return code. */
    private final ConnackCode returnCode;

    /**
     * Creates the exception.
     *
     * @param returnCode the broker's CONNACK return code
     */
    public ClientConnectionDeniedException(ConnackCode returnCode) {
        super("client connection denied: " + returnCode);
        this.returnCode = returnCode;
    }

    /**
     * Returns the broker's answer.
     *
     * @return the CONNACK return code, never {@link ConnackCode#ACCEPTED}
     */
    public ConnackCode returnCode() {
        return returnCode;
    }
}
