package dev.mqttj.client;

import dev.mqttj.packet.ConnackCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one future implementation behind {@link GenericFuture}, {@link ConnectFuture} and
 * {@link SubscribeFuture}. Completion is lock-free unless a thread is waiting; the
 * {@link CompletableFuture} view is created only when asked for.
 */
final class MqttFuture implements ConnectFuture, SubscribeFuture {

    enum Kind { CONNECT, PUBLISH, SUBSCRIBE, UNSUBSCRIBE }

    private static final int PENDING = 0;
    private static final int COMPLETED = 1;
    private static final int CANCELED = 2;

    /** A publish future that is already complete: QoS 0 publishes share it instead of allocating. */
    static final MqttFuture COMPLETED_PUBLISH = completedPublish();

    final Kind kind;
    private final Object owner;
    private volatile int state;
    private volatile boolean waiting;
    private Throwable cause;
    private boolean sessionPresent;
    private ConnackCode returnCode;
    private List<Integer> returnCodes = List.of();
    private List<String> topicFilters = List.of();
    /** The packet id this future is tracked under, once sent; lets a service untrack it. */
    volatile int packetId;
    private CompletableFuture<Void> view;
    /** One action, or an {@code Object[]} of them when several were registered. */
    private Object actions;

    /**
     * @param owner the client or service whose callback thread must not wait on this future
     */
    MqttFuture(Kind kind, Object owner) {
        this.kind = kind;
        this.owner = owner;
    }

    private static MqttFuture completedPublish() {
        MqttFuture future = new MqttFuture(Kind.PUBLISH, null);
        future.complete();
        return future;
    }

    void connack(boolean present, ConnackCode code) {
        this.sessionPresent = present;
        this.returnCode = code;
    }

    /** The filters a SUBSCRIBE asked for, so a refusal can name them. */
    void topicFilters(List<String> filters) {
        this.topicFilters = filters;
    }

    List<String> topicFilters() {
        return topicFilters;
    }

    void returnCodes(List<Integer> codes) {
        this.returnCodes = codes;
    }

    /** Completes the future; a no-op when it is already done. */
    boolean complete() {
        return finish(COMPLETED, null);
    }

    /** Cancels the future; a no-op when it is already done. */
    boolean cancel(Throwable reason) {
        return finish(CANCELED, reason);
    }

    private boolean finish(int outcome, Throwable reason) {
        CompletableFuture<Void> toComplete;
        Object toRun;
        synchronized (this) {
            if (state != PENDING) {
                return false;
            }
            cause = reason;
            state = outcome;
            if (waiting) {
                notifyAll();
            }
            toComplete = view;
            toRun = actions;
            actions = null;
        }
        if (toComplete != null) {
            completeView(toComplete);
        }
        if (toRun != null) {
            runActions(toRun);
        }
        return true;
    }

    @Override
    public void onComplete(Consumer<? super CancellationException> action) {
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
            ((Consumer<? super CancellationException>) action).accept(state == CANCELED ? cancellation() : null);
        } catch (RuntimeException ignored) {
            // The action runs on the client's reader thread; its failure must not take the connection down.
        }
    }

    private void completeView(CompletableFuture<Void> target) {
        if (state == COMPLETED) {
            target.complete(null);
        } else {
            target.completeExceptionally(cancellation());
        }
    }

    private CancellationException cancellation() {
        CancellationException exception = new CancellationException(
                cause == null ? "future canceled" : "future canceled: " + cause.getMessage());
        if (cause != null) {
            exception.initCause(cause);
        }
        return exception;
    }

    @Override
    public void await(Duration timeout) throws InterruptedException, TimeoutException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero (no limit) or positive but was " + timeout);
        }
        if (state == PENDING) {
            Thread current = Thread.currentThread();
            if (owner != null && current instanceof CallbackThread && ((CallbackThread) current).owner() == owner) {
                throw new IllegalStateException("await called on " + current.getName()
                        + ", the thread that delivers this future's acknowledgement; waiting here would deadlock."
                        + " Use toCompletableFuture() to react to the outcome instead.");
            }
            block(timeout);
        }
        if (state == CANCELED) {
            throw cancellation();
        }
    }

    private void block(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = timeout.isZero() ? 0 : System.nanoTime() + saturatedNanos(timeout);
        synchronized (this) {
            waiting = true;
            while (state == PENDING) {
                if (deadline == 0) {
                    wait();
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new TimeoutException("future not completed within " + timeout);
                    }
                    wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                }
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
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
    public CompletableFuture<Void> toCompletableFuture() {
        CompletableFuture<Void> result;
        boolean done;
        synchronized (this) {
            if (view == null) {
                view = new CompletableFuture<>();
                done = state != PENDING;
            } else {
                return view;
            }
            result = view;
        }
        if (done) {
            completeView(result);
        }
        return result;
    }

    @Override
    public synchronized boolean sessionPresent() {
        return sessionPresent;
    }

    @Override
    public synchronized Optional<ConnackCode> returnCode() {
        return Optional.ofNullable(returnCode);
    }

    @Override
    public synchronized List<Integer> returnCodes() {
        return returnCodes;
    }

    @Override
    public String toString() {
        return "MqttFuture[" + kind + ", " + (state == PENDING ? "pending" : state == COMPLETED ? "completed" : "canceled") + "]";
    }
}
