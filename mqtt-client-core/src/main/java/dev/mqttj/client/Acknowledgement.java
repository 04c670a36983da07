package dev.mqttj.client;

/**
 * The acknowledgement of a message whose handler called {@link ReceivedMessage#deferAcknowledgement()}.
 * Thread-safe; only the first call of either method counts.
 */
public interface Acknowledgement {

    /**
     * Acknowledges the message, now or, if messages that arrived before it are still unacknowledged,
     * as soon as they are. Does nothing once the connection that received the message has ended: the
     * broker then delivers the message again to the next connection that resumes the session.
     */
    void acknowledge();

    /**
     * Refuses the message: it is not acknowledged and the connection closes, so that the broker delivers
     * it (and every later message not yet acknowledged) again to the next connection that resumes the
     * session. A {@link Service} reconnects by itself; the reason reaches its error callback.
     *
     * @param reason why the application could not process the message, reported as the connection's end
     * @throws NullPointerException if {@code reason} is null
     */
    void refuse(Throwable reason);
}
