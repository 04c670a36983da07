package dev.mqttj.client;

import dev.mqttj.packet.Message;

/**
 * Receives a client's messages and its fatal error, on the client's reader thread.
 *
 * <p>Exactly one of the two arguments is non-null. A message call that throws stops the client
 * before it acknowledges that message, so the broker redelivers it to the next connection (QoS 1
 * and 2). The client calls the callback with an error once, when it dies of anything but the
 * callback's own exception.
 *
 * <p>The client reads no further packets until the callback returns. Waiting on a future of the
 * same client inside the callback would therefore deadlock; {@link GenericFuture#await} refuses it.
 */
@FunctionalInterface
public interface Callback {

    /**
     * Handles a received message or the error that ended the client.
     *
     * @param message the received message, or null when {@code error} is set
     * @param error the error that closed the client, or null when {@code message} is set
     * @throws Exception to refuse the message: the client closes without acknowledging it
     */
    void handle(Message message, Throwable error) throws Exception;
}
