package dev.mqttj.spring.listener;

import dev.mqttj.client.Acknowledgement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deferred acknowledgement of a message that several listeners process, some on other threads: it goes
 * out when the last of them is done, or the message is refused if any of them asked for redelivery.
 */
final class PendingAcknowledgement {

    private final Acknowledgement acknowledgement;
    private final AtomicInteger remaining;
    private volatile Throwable refusal;

    PendingAcknowledgement(Acknowledgement acknowledgement, int listeners) {
        this.acknowledgement = acknowledgement;
        this.remaining = new AtomicInteger(listeners);
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
