package dev.mqttj.client;

import dev.mqttj.packet.Message;

/**
 * Receives a {@link Service}'s messages, on the current client's reader thread, one at a time in
 * arrival order, and only after the {@link OnlineCallback} of the same connection returned. The
 * message is acknowledged after this method returns. Throwing prevents the acknowledgement and makes
 * the service reconnect; with {@code cleanSession=false} the broker then delivers QoS 1 and 2 messages
 * again (QoS 2 by default through the service's session, see {@link Callback}), with a clean session it
 * discards them. A {@link MessageHandler} set on the service receives the messages instead.
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
