package dev.mqttj.client;

import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The one future implementation behind {@link GenericFuture}, {@link ConnectFuture} and
 * {@link SubscribeFuture}. Completion is lock-free unless a thread is waiting; a
 * {@link CompletableFuture} view is created only when asked for, a new one per call.
 *
 * @param <T> the result type
 */
abstract class MqttFuture<T> implements GenericFuture<T> {

    enum Kind { CONNECT, PUBLISH, SUBSCRIBE, UNSUBSCRIBE }

    private static final int PENDING = 0;
    private static final int COMPLETED = 1;
    private static final int CANCELED = 2;

    /**
     * A publish future that is already complete: QoS 0 publishes share it instead of allocating. Sharing is
     * safe because nothing outside can change a future: views are copies and completion is package-private.
     */
    static final Ack COMPLETED_PUBLISH = completedPublish();

    final Kind kind;
    private final Object owner;
    private volatile int state;
    private volatile boolean waiting;
    private T result;
    private MqttClientException failure;
    /** The packet id this future is tracked under, once sent; lets a service untrack it. */
    volatile int packetId;
    /** When the operation was issued, for the acknowledgement latency an event listener reports; 0 when unused. */
    long issuedNanos;
    /** One action, or an {@code Object[]} of them when several were registered. */
    private Object actions;

    /**
     * @param owner the client or service whose callback thread must not wait on this future
     */
    MqttFuture(Kind kind, Object owner) {
        this.kind = kind;
        this.owner = owner;
    }

    static Ack publish(Object owner) {
        return new Ack(Kind.PUBLISH, owner);
    }

    static Ack unsubscribe(Object owner) {
        return new Ack(Kind.UNSUBSCRIBE, owner);
    }

    private static Ack completedPublish() {
        Ack future = publish(null);
        future.complete(null);
        return future;
    }

    /** Completes the future with its result; a no-op when it is already done. */
    boolean complete(T value) {
        return finish(COMPLETED, value, null);
    }

    /** Cancels the future; a no-op when it is already done. */
    boolean cancel(Throwable reason) {
        return finish(CANCELED, null,
                reason == null ? new MqttClientException("future canceled") : ConnectionLostException.of("connection lost", reason));
    }

    private boolean finish(int outcome, T value, MqttClientException reason) {
        Object toRun;
        synchronized (this) {
            if (state != PENDING) {
                return false;
            }
            result = value;
            failure = reason;
            state = outcome;
            if (waiting) {
                notifyAll();
            }
            toRun = actions;
            actions = null;
        }
        if (toRun != null) {
            runActions(toRun);
        }
        return true;
    }

    /**
     * Registers the first action of a future that no other thread has seen yet, without the lock: handing the
     * future over (to a queue, to the in-flight table) publishes it together with the action.
     */
    void presetAction(BiConsumer<? super T, ? super MqttClientException> action) {
        actions = Objects.requireNonNull(action, "action");
    }

    @Override
    public void onComplete(BiConsumer<? super T, ? super MqttClientException> action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (state == PENDING) {
                if (actions == null) {
                    actions = action;
                } else if (actions instanceof Object[]) {
                    Object[] old = (Object[]) actions;
                    Object[] more = Arrays.copyOf(old, old.length + 1);
                    more[old.length] = action;
                    actions = more;
                } else {
                    actions = new Object[] {actions, action};
                }
                return;
            }
        }
        run(action);
    }

    private void runActions(Object toRun) {
        if (toRun instanceof Object[]) {
            for (Object action : (Object[]) toRun) {
                run(action);
            }
        } else {
            run(toRun);
        }
    }

    @SuppressWarnings("unchecked")
    private void run(Object action) {
        try {
            ((BiConsumer<? super T, ? super MqttClientException>) action).accept(result, failure);
        } catch (RuntimeException ignored) {
            // The action runs on the client's reader thread; its failure must not take the connection down.
        }
    }

    private CancellationException cancellation() {
        CancellationException exception = new CancellationException("future canceled: " + failure.getMessage());
        exception.initCause(failure);
        return exception;
    }

    @Override
    public T await(Duration timeout) throws InterruptedException, TimeoutException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero (do not wait) or positive but was " + timeout);
        }
        if (state == PENDING) {
            if (timeout.isZero()) {
                throw new TimeoutException("future not completed");
            }
            checkNotOnCallbackThread();
            if (!block(System.nanoTime() + saturatedNanos(timeout))) {
                throw new TimeoutException("future not completed within " + timeout);
            }
        }
        return outcome();
    }

    @Override
    public T await() throws InterruptedException {
        if (state == PENDING) {
            checkNotOnCallbackThread();
            block(0);
        }
        return outcome();
    }

    private T outcome() {
        if (state == CANCELED) {
            throw cancellation();
        }
        return result;
    }

    private void checkNotOnCallbackThread() {
        Thread current = Thread.currentThread();
        if (owner != null && current instanceof CallbackThread && ((CallbackThread) current).owner() == owner) {
            throw new IllegalStateException("await called on " + current.getName()
                    + ", the thread that delivers this future's acknowledgement; waiting here would deadlock."
                    + " Use onComplete or toCompletableFuture() to react to the outcome instead.");
        }
    }

    /** Waits until done or the deadline (0: none); false when the deadline passed first. */
    private boolean block(long deadline) throws InterruptedException {
        synchronized (this) {
            waiting = true;
            while (state == PENDING) {
                if (deadline == 0) {
                    wait();
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                }
            }
        }
        return true;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(1, d.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    @Override
    public boolean isDone() {
        return state != PENDING;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELED;
    }

    @Override
    public synchronized Optional<MqttClientException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> view = new CompletableFuture<>();
        onComplete((value, error) -> {
            if (error == null) {
                view.complete(value);
            } else {
                view.completeExceptionally(error);
            }
        });
        return view;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + kind + ", "
                + (state == PENDING ? "pending" : state == COMPLETED ? "completed" : "canceled: " + failure.getMessage()) + "]";
    }

    /** A publish or unsubscribe: completes with no result. */
    static final class Ack extends MqttFuture<Void> {
        Ack(Kind kind, Object owner) {
            super(kind, owner);
        }

        boolean complete() {
            return complete(null);
        }
    }

    /** A connect: completes with the CONNACK's flags; keeps them also when the broker refused. */
    static final class Connect extends MqttFuture<ConnectResult> implements ConnectFuture {
        private volatile ConnectResult connack;

        Connect(Object owner) {
            super(Kind.CONNECT, owner);
        }

        /** Records the CONNACK, so a refusal's code stays readable; the caller completes or cancels. */
        ConnectResult connack(boolean sessionPresent, ConnackCode code) {
            ConnectResult answer = new ConnectResult(sessionPresent, code);
            connack = answer;
            return answer;
        }

        @Override
        public boolean sessionPresent() {
            ConnectResult answer = connack;
            return answer != null && answer.sessionPresent();
        }

        @Override
        public Optional<ConnackCode> returnCode() {
            ConnectResult answer = connack;
            return answer == null ? Optional.empty() : Optional.of(answer.returnCode());
        }
    }

    /** A subscribe: completes with what the broker granted per requested subscription. */
    static final class Subscribe extends MqttFuture<SubscribeResult> implements SubscribeFuture {
        private final List<Subscription> subscriptions;
        private volatile List<Integer> returnCodes = List.of();

        Subscribe(Object owner, List<Subscription> subscriptions) {
            super(Kind.SUBSCRIBE, owner);
            this.subscriptions = subscriptions;
        }

        List<Subscription> subscriptions() {
            return subscriptions;
        }

        List<String> topicFilters() {
            List<String> filters = new ArrayList<>(subscriptions.size());
            for (Subscription subscription : subscriptions) {
                filters.add(subscription.topicFilter());
            }
            return filters;
        }

        /** Records the SUBACK's codes; the caller checked that there is one per subscription. */
        SubscribeResult returnCodes(List<Integer> codes) {
            returnCodes = codes;
            List<GrantedQos> granted = new ArrayList<>(codes.size());
            for (int code : codes) {
                granted.add(GrantedQos.of(code));
            }
            return new SubscribeResult(subscriptions, granted);
        }

        @Override
        public List<Integer> returnCodes() {
            return returnCodes;
        }
    }
}
