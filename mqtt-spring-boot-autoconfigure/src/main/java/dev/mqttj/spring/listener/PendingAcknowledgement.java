package dev.mqttj.spring.listener;

import dev.mqttj.client.Acknowledgement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deferred acknowledgement of a message that several listeners process, some on other threads: it goes
 * out when the last of them is done, or the message is refused if any of them asked for redelivery.
 *
 * <p>The reader thread holds one share of its own until it has handed the message to every listener
 * ({@link #handedOver()}), so that no worker acknowledges or refuses the message while the core's message
 * handler is still running: refusing through the handle while the handler runs can leave the connection
 * half-closed (a race in the core); when the reader is the last, it refuses by throwing instead.
 */
final class PendingAcknowledgement {

    private final Acknowledgement acknowledgement;
    private final AtomicInteger remaining;
    private volatile Throwable refusal;

    PendingAcknowledgement(Acknowledgement acknowledgement, int listeners) {
        this.acknowledgement = acknowledgement;
        this.remaining = new AtomicInteger(listeners + 1);
    }

    /**
     * Releases the reader thread's share, at the end of the message handler.
     *
     * @return the reason to refuse the message if every listener is done and one asked for redelivery (the
     *     handler then throws it), else null
     */
    Throwable handedOver() {
        if (remaining.decrementAndGet() != 0) {
            return null;
        }
        Throwable reason = refusal;
        if (reason == null) {
            acknowledgement.acknowledge();
        }
        return reason;
    }

    /** Records one listener's outcome: null when it is done with the message, else why to refuse it. */
    void done(Throwable refused) {
        if (refused != null && refusal == null) {
            refusal = refused;
        }
        if (remaining.decrementAndGet() == 0) {
            Throwable reason = refusal;
            if (reason == null) {
                acknowledgement.acknowledge();
            } else {
                acknowledgement.refuse(reason);
            }
        }
    }
}
