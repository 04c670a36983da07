package dev.mqttj.client;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.session.Direction;
import dev.mqttj.session.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The incoming half of the QoS flows of one connection: announces received messages to the application and
 * sends PUBACK, PUBREC and PUBCOMP, also for messages whose acknowledgement the application deferred.
 *
 * <p>Acknowledgements leave in the order their messages were announced [MQTT-4.6.0-2, 4.6.0-3]: while an
 * earlier one is outstanding, later ones wait in {@link #pending}. With nothing outstanding, the common case,
 * an acknowledgement goes out straight from the reader without a lock or an allocation. The reader stops
 * (and so stops reading from the broker) while {@link #maxPending} acknowledgements are outstanding.
 *
 * <p>Thread contract: {@link #publish} and {@link #pubrel} run on the reader thread; {@link Delivery#acknowledge}
 * and {@link Delivery#refuse} on any thread; {@link #close} on whichever thread ends the connection.
 */
final class IncomingFlow {

    /** What the flow needs from its connection. */
    interface Port {
        /** Writes a packet; thread-safe. */
        void send(Packet packet) throws IOException;

        /** Ends the connection from the reader thread; {@code fromCallback} when the application's handler threw. */
        void die(Throwable error, boolean fromCallback);

        /** Ends the connection from another thread; the reader reports {@code error}. */
        void failFromOutside(Throwable error);

        /** Writes what was sent so far; the reader calls it before it waits for deferred acknowledgements. */
        void flush();
    }

    /**
     * What acknowledging a message means: a session change, made as soon as the application acknowledged,
     * and a packet, which may have to wait for earlier ones. Changing the session at once keeps a message the
     * application handled from being announced again after a reconnect, even if its packet never left.
     */
    private enum Ack { NONE, PUBACK, PUBREC_AND_STORE, PUBREC_ONLY, PUBCOMP_AND_DELETE }

    private final Session session;
    private final Port port;
    private final boolean announceOnPublish;
    private final int maxPending;
    private final Callback callback;
    private final MessageHandler handler;
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    /** Acknowledgements announced but not yet sent; only the reader raises it, and it falls only once sent. */
    private volatile int outstanding;
    private boolean closed;
    private boolean readerWaiting;
    /** Stands for a message handed to the {@link Callback}, which cannot defer its acknowledgement. */
    private final Delivery announcedToCallback = new Delivery(null, Ack.NONE);

    IncomingFlow(Session session, Port port, boolean announceOnPublish, int maxPending, Callback callback,
            MessageHandler handler) {
        this.session = session;
        this.port = port;
        this.announceOnPublish = announceOnPublish;
        this.maxPending = maxPending;
        this.callback = callback;
        this.handler = handler;
    }

    /** Handles a PUBLISH; false when the connection ended. */
    boolean publish(Publish publish) throws IOException {
        int qos = publish.message().qos();
        if (qos == 0) {
            return announce(publish, Ack.NONE) != null;
        }
        if (qos == 1) {
            return acknowledgeAfter(publish, Ack.PUBACK);
        }
        // A QoS 2 id the session still holds is a redelivery of a message already announced (or to be
        // announced on PUBREL): it only needs another PUBREC, in order with the PUBRECs still deferred.
        if (session.lookupPacket(Direction.INCOMING, publish.id()) != null) {
            if (!announceOnPublish || outstanding == 0) {
                port.send(new Pubrec(publish.id()));
                return true;
            }
            Delivery again = new Delivery(publish, Ack.PUBREC_ONLY);
            again.state = Delivery.ACKNOWLEDGED;
            return enqueue(again);
        }
        if (announceOnPublish) {
            return acknowledgeAfter(publish, Ack.PUBREC_AND_STORE);
        }
        session.savePacket(Direction.INCOMING, publish);
        port.send(new Pubrec(publish.id()));
        return true;
    }

    /** Handles a PUBREL; false when the connection ended. */
    boolean pubrel(int id) throws IOException {
        IdentifiedPacket stored = session.lookupPacket(Direction.INCOMING, id);
        if (stored instanceof Publish && !announceOnPublish) {
            return acknowledgeAfter((Publish) stored, Ack.PUBCOMP_AND_DELETE);
        }
        // Answered even for an unknown id: the broker retries PUBREL until it sees PUBCOMP. Deleted first: once
        // the broker has the PUBCOMP it may reuse the id, and a stale entry would swallow the new message.
        session.deletePacket(Direction.INCOMING, id);
        port.send(new Pubcomp(id));
        return true;
    }

    private boolean acknowledgeAfter(Publish publish, Ack ack) throws IOException {
        Delivery delivery = announce(publish, ack);
        if (delivery == null) {
            return false;
        }
        if (!delivery.deferred && outstanding == 0) {
            // Nothing earlier is outstanding, and only this thread adds to it: no ordering to keep.
            commit(publish, ack);
            send(publish, ack);
            return true;
        }
        return enqueue(delivery);
    }

    /** Hands the message to the application; null when its handler threw and the connection ended. */
    private Delivery announce(Publish publish, Ack ack) {
        // Without a handler nothing can be deferred, so the callback's messages need no Delivery.
        Delivery delivery = handler != null ? new Delivery(publish, ack) : null;
        try {
            if (handler != null) {
                Delivery.HANDLING.setRelease(delivery, true);
                try {
                    handler.handle(delivery);
                } finally {
                    Delivery.HANDLING.setRelease(delivery, false);
                }
            } else if (callback != null) {
                callback.handle(publish.message(), null);
            }
            return delivery != null ? delivery : announcedToCallback;
        } catch (Exception | Error e) {
            if (delivery != null) {
                delivery.abandon();
            }
            port.die(e, true);
            return null;
        }
    }

    private boolean enqueue(Delivery delivery) throws IOException {
        synchronized (this) {
            if (closed) {
                return false;
            }
            delivery.enqueued = true;
            if (!delivery.deferred && delivery.state == Delivery.PENDING) {
                commit(delivery.publish, delivery.ack);
                delivery.state = Delivery.ACKNOWLEDGED;
            }
            pending.addLast(delivery);
            outstanding++;
            drainReady();
            if (outstanding < maxPending || closed) {
                return !closed;
            }
        }
        // Outside the lock, which acknowledging threads need: what the reader sent must not wait while it waits.
        port.flush();
        synchronized (this) {
            while (outstanding >= maxPending && !closed) {
                readerWaiting = true;
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for deferred acknowledgements");
                } finally {
                    readerWaiting = false;
                }
            }
            return !closed;
        }
    }

    /** Sends every acknowledgement at the head that is ready, with the lock held so they leave in order. */
    private void drainReady() {
        assert Thread.holdsLock(this) : "drainReady needs the flow's lock";
        try {
            while (!pending.isEmpty() && pending.peekFirst().state == Delivery.ACKNOWLEDGED) {
                Delivery head = pending.peekFirst();
                send(head.publish, head.ack);
                pending.pollFirst();
                outstanding--;
            }
        } catch (IOException e) {
            // The connection is ending or its writes fail: end it, so the reader reports why and the broker
            // delivers again what is unacknowledged.
            closed = true;
            pending.clear();
            port.failFromOutside(e);
        }
        if (readerWaiting) {
            notifyAll();
        }
    }

    /** Changes the session for an acknowledged message; see {@link Ack}. */
    private void commit(Publish publish, Ack ack) throws IOException {
        if (ack == Ack.PUBREC_AND_STORE) {
            session.savePacket(Direction.INCOMING, publish);
        } else if (ack == Ack.PUBCOMP_AND_DELETE) {
            session.deletePacket(Direction.INCOMING, publish.id());
        }
    }

    private void send(Publish publish, Ack ack) throws IOException {
        int id = publish.id();
        switch (ack) {
            case PUBACK:
                port.send(new Puback(id));
                break;
            case PUBREC_AND_STORE:
            case PUBREC_ONLY:
                port.send(new Pubrec(id));
                break;
            case PUBCOMP_AND_DELETE:
                port.send(new Pubcomp(id));
                break;
            default:
                break;
        }
    }

    /** Ends the flow with its connection: outstanding acknowledgements are dropped, a waiting reader wakes. */
    synchronized void close() {
        closed = true;
        pending.clear();
        notifyAll();
    }

    /** How many acknowledgements are outstanding; for tests and status. */
    int outstanding() {
        return outstanding;
    }

    private void acknowledge(Delivery delivery) {
        IOException failed = null;
        synchronized (this) {
            if (delivery.state != Delivery.PENDING || closed) {
                return;
            }
            try {
                commit(delivery.publish, delivery.ack);
                delivery.state = Delivery.ACKNOWLEDGED;
            } catch (IOException e) {
                delivery.state = Delivery.REFUSED;
                failed = e;
            }
            if (failed == null && delivery.enqueued) {
                drainReady();
            }
        }
        if (failed != null) {
            port.failFromOutside(ConnectionLostException.of("session store failed", failed));
        }
    }

    private void refuse(Delivery delivery, Throwable reason) {
        synchronized (this) {
            if (delivery.state != Delivery.PENDING) {
                return;
            }
            delivery.state = Delivery.REFUSED;
            if (closed) {
                return;
            }
        }
        port.failFromOutside(ConnectionLostException.of("message " + delivery.publish.id() + " on '"
                + delivery.publish.message().topic() + "' refused by the application", reason));
    }

    /** One announced message: the application's view of it and, when deferred, its acknowledgement handle. */
    private final class Delivery implements ReceivedMessage, Acknowledgement {
        static final VarHandle HANDLING = handlingHandle();
        static final int PENDING = 0;
        static final int ACKNOWLEDGED = 1;
        static final int REFUSED = 2;

        final Publish publish;
        final Ack ack;
        /** Written by the reader only; read under the flow's lock once enqueued. */
        volatile boolean deferred;
        /**
         * True while the handler runs. Release stores and acquire loads instead of a volatile field: the reader
         * writes it twice per message, and a volatile store's fence cost more than the rest of a short
         * handler's dispatch; a handler's own thread sees its writes in order either way, and another thread
         * only ever reads it to refuse a late deferral.
         */
        @SuppressWarnings("unused") // through HANDLING
        private boolean handling;
        boolean enqueued;
        int state;

        private static VarHandle handlingHandle() {
            try {
                return MethodHandles.lookup().findVarHandle(Delivery.class, "handling", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Delivery(Publish publish, Ack ack) {
            this.publish = publish;
            this.ack = ack;
        }

        @Override
        public Message message() {
            return publish.message();
        }

        @Override
        public boolean duplicate() {
            return publish.dup();
        }

        @Override
        public int packetId() {
            return publish.id();
        }

        @Override
        public Acknowledgement deferAcknowledgement() {
            if (!(boolean) HANDLING.getAcquire(this)) {
                throw new IllegalStateException("deferAcknowledgement must be called by the message handler, before it returns");
            }
            if (deferred) {
                throw new IllegalStateException("the acknowledgement of this message is already deferred");
            }
            deferred = ack != Ack.NONE;
            return this;
        }

        @Override
        public void acknowledge() {
            if (ack != Ack.NONE) {
                IncomingFlow.this.acknowledge(this);
            }
        }

        @Override
        public void refuse(Throwable reason) {
            Objects.requireNonNull(reason, "reason");
            if (ack != Ack.NONE) {
                IncomingFlow.this.refuse(this, reason);
            }
        }

        /** The handler threw: the connection ends, and a later acknowledge must not send anything. */
        void abandon() {
            synchronized (IncomingFlow.this) {
                state = REFUSED;
            }
        }

        @Override
        public String toString() {
            return "ReceivedMessage[" + publish.message() + ", dup=" + publish.dup() + ", id=" + publish.id() + "]";
        }
    }
}
