package dev.mqttj.client;

/**
 * Thrown by {@link Client#connect(Config)} when a session is to be resumed ({@code cleanSession=false}) but the config has no client id.
 */
public final class ClientMissingIdException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its standard message.
     */
    public ClientMissingIdException() {
        super("client missing id: a client id is required when cleanSession is false");
    }
}
