package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import java.io.Serial;

/**
 * A listener could not process a message: its method threw, or the message could not be bound to the
 * method's parameters (the payload could not be converted to the parameter's type, or failed validation).
 * The message names the listener, the topic and, for a conversion failure, the target type; the cause is the
 * original exception.
 */
public class MqttListenerExecutionFailedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The listener's id. */
    private final String listenerId;

    /** The topic of the failed message. */
    private final String topic;

    /** The failed message; not serialized, as it holds the connection's acknowledgement state. */
    private final transient ReceivedMessage receivedMessage;

    /**
     * Creates the exception.
     *
     * @param message the description, naming the listener and the topic
     * @param listenerId the listener's id
     * @param receivedMessage the message that failed
     * @param cause the listener's or the binding's exception
     */
    public MqttListenerExecutionFailedException(String message, String listenerId, ReceivedMessage receivedMessage,
            Throwable cause) {
        super(message, cause);
        this.listenerId = listenerId;
        this.topic = receivedMessage.message().topic();
        this.receivedMessage = receivedMessage;
    }

    /**
     * Returns the id of the listener that failed.
     *
     * @return the listener id
     */
    public String listenerId() {
        return listenerId;
    }

    /**
     * Returns the topic of the message that failed.
     *
     * @return the topic name
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the message that failed, with its delivery details.
     *
     * @return the message, or null after deserialization
     */
    public ReceivedMessage receivedMessage() {
        return receivedMessage;
    }
}
