package dev.mqttj.client;

import dev.mqttj.packet.Message;

/**
 * Receives a {@link Service}'s messages, on the current client's reader thread, one at a time in
 * arrival order, and only after the {@link OnlineCallback} of the same connection returned. The
 * message is acknowledged after this method returns; throwing prevents the
 * acknowledgement and makes the service reconnect, so the broker redelivers QoS 1 and 2 messages.
 */
@FunctionalInterface
public interface MessageCallback {

    /**
     * Handles one message.
     *
     * @param message the received message
     * @throws Exception to refuse the message: it is not acknowledged and the connection is renewed
     */
    void message(Message message) throws Exception;
}
