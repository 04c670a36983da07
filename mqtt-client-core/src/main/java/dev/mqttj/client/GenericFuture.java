package dev.mqttj.client;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The outcome of an operation that completes when the broker acknowledges it: a publish (QoS 0 on
 * write, QoS 1 on PUBACK, QoS 2 on PUBCOMP) or an unsubscribe (on UNSUBACK).
 *
 * <p>A future is either completed or canceled, once. Futures are canceled when the client or
 * service that owns them shuts down before the acknowledgement arrived.
 */
public interface GenericFuture {

    /**
     * Blocks until the future is completed or canceled.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} waits without limit (as gomqtt's
     *     {@code Wait(0)})
     * @throws CancellationException if the future was or gets canceled; its cause, when present, says why
     * @throws TimeoutException if the timeout passed first
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws IllegalStateException if called on the client's or service's own callback thread, where
     *     waiting would deadlock: the acknowledgement can only be read by the thread that is waiting
     */
    void await(Duration timeout) throws InterruptedException, TimeoutException;

    /**
     * Tells whether the future is completed or canceled.
     *
     * @return true once the outcome is known
     */
    boolean isDone();

    /**
     * Tells whether the future was canceled.
     *
     * @return true if canceled
     */
    boolean isCancelled();

    /**
     * Returns a {@link CompletableFuture} view that completes with {@code null} when this future
     * completes, or exceptionally with a {@link CancellationException} when it is canceled. Completing
     * the returned future by hand does not affect this one.
     *
     * @return the view, the same instance on every call
     */
    CompletableFuture<Void> toCompletableFuture();

    /**
     * Runs {@code action} once the outcome is known: with {@code null} when the future completed, or
     * with the {@link CancellationException} {@link #await(Duration)} would throw when it was
     * canceled. If the outcome is already known the action runs at once on the calling thread;
     * otherwise it runs on the thread that completes the future, usually the client's reader thread,
     * so it must be short and must not block. An exception thrown by the action is ignored.
     *
     * <p>Unlike {@link #toCompletableFuture()} this allocates nothing beyond the action itself, which
     * matters when every message of a stream carries a future.
     *
     * @param action what to run; receives null or the cancellation
     * @throws NullPointerException if {@code action} is null
     */
    void onComplete(Consumer<? super CancellationException> action);
}
