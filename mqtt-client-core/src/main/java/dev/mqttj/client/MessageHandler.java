package dev.mqttj.client;

/**
 * Receives the messages of a {@link Client} or {@link Service} with their delivery details (DUP flag,
 * packet id) and may take over their acknowledgement; see {@link ReceivedMessage#deferAcknowledgement()}.
 * Called on the client's reader thread, one message at a time in arrival order.
 *
 * <p>Unless the handler deferred it, a QoS 1 or 2 message is acknowledged after the handler returns.
 * A handler that throws refuses the message: it is not acknowledged and the connection closes, so the
 * broker delivers it again to the next connection that resumes the session (see {@link Callback}).
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one message.
     *
     * @param message the message and its delivery details
     * @throws Exception to refuse the message: it is not acknowledged and the connection is closed
     */
    void handle(ReceivedMessage message) throws Exception;
}
