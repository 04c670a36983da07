package dev.mqttj.client;

import dev.mqttj.packet.Message;

/**
 * Receives a client's messages and its fatal error, on the client's reader thread.
 *
 * <p>Exactly one of the two arguments is non-null. The client calls the callback with an error once,
 * when it dies of anything but the callback's own exception. A {@link MessageHandler}, when set,
 * receives the messages instead.
 *
 * <p>A message call that throws closes the connection without acknowledging that message. The broker
 * delivers it again only to a later connection that resumes the session ({@code cleanSession=false}
 * on both connections; with a clean session the broker discards it):
 * <ul>
 *   <li>QoS 1: as a PUBLISH with the DUP flag.</li>
 *   <li>QoS 2 announced on PUBLISH ({@link Config#alwaysAnnounceOnPublish()}): as a PUBLISH with the
 *       DUP flag, since no PUBREC went out.</li>
 *   <li>QoS 2 by default (announced on PUBREL): the PUBREC already went out, so the broker sends only
 *       PUBREL again; the client announces the message again from its {@link dev.mqttj.session.Session}.
 *       The next connection must therefore use the same session: a {@link Service} does, a new
 *       {@code Client} needs it passed with {@link Client#setSession}, and across restarts of the JVM
 *       it takes a {@link dev.mqttj.session.FileSession}.</li>
 * </ul>
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
