package dev.mqttj.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The outcome of an operation that completes when the broker acknowledges it: a publish (QoS 0 on
 * write, QoS 1 on PUBACK, QoS 2 on PUBCOMP) or an unsubscribe (on UNSUBACK) with a {@code Void}
 * result; {@link ConnectFuture} and {@link SubscribeFuture} carry the broker's answer.
 *
 * <p>A future is either completed or canceled, once. It is canceled when the operation cannot
 * complete: the broker refused it, the connection was lost, the client or service was stopped, or a
 * service's offline queue stayed full. {@link #failure()} then says why, as an
 * {@link MqttClientException}.
 *
 * <p>Durations: zero means "do not wait" everywhere in this library, as for
 * {@link java.util.concurrent.Future#get(long, java.util.concurrent.TimeUnit)}: {@code await(Duration.ZERO)}
 * returns the result if it is there and throws {@link TimeoutException} otherwise. {@link #await()}
 * waits without limit.
 *
 * @param <T> the result type: {@code Void}, {@link ConnectResult} or {@link SubscribeResult}
 */
public interface GenericFuture<T> {

    /**
     * Blocks until the future is completed or canceled, or the timeout passed.
     *
     * @param timeout how long to wait at most; zero does not wait
     * @return the result; null for a publish or unsubscribe
     * @throws CancellationException if the future was or gets canceled; its cause is the
     *     {@link MqttClientException} that {@link #failure()} returns
     * @throws TimeoutException if the timeout passed first
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     * @throws IllegalStateException if called on the client's or service's own callback thread while
     *     the future is pending, where waiting would deadlock: only that thread can read the
     *     acknowledgement
     */
    T await(Duration timeout) throws InterruptedException, TimeoutException;

    /**
     * Blocks without limit until the future is completed or canceled.
     *
     * @return the result; null for a publish or unsubscribe
     * @throws CancellationException if the future was or gets canceled; its cause says why
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws IllegalStateException if called on the client's or service's own callback thread while
     *     the future is pending
     */
    T await() throws InterruptedException;

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
     * Returns why the future was canceled.
     *
     * @return the failure, or empty while pending or when completed
     */
    Optional<MqttClientException> failure();

    /**
     * Returns a new {@link CompletableFuture} that completes with the result when this future
     * completes, or exceptionally with the {@link MqttClientException} of {@link #failure()} when it is
     * canceled (so {@code join()} throws a {@link java.util.concurrent.CompletionException} caused by
     * it). Every call returns a new instance: completing or obtruding it affects no other caller.
     * Dependent stages run on the thread that completes this future, usually the client's reader
     * thread, unless an {@code *Async} variant is used: keep them short.
     *
     * @return a new view of this future
     */
    CompletableFuture<T> toCompletableFuture();

    /**
     * Runs {@code action} once the outcome is known, with the result and null when the future
     * completed, or null and the failure when it was canceled. If the outcome is already known the
     * action runs at once on the calling thread; otherwise it runs on the thread that completes the
     * future, usually the client's reader thread, so it must be short and must not block. An
     * exception thrown by the action is ignored.
     *
     * <p>Unlike {@link #toCompletableFuture()} this allocates nothing beyond the action itself, which
     * matters when every message of a stream carries a future.
     *
     * @param action what to run; receives the result or the failure
     * @throws NullPointerException if {@code action} is null
     */
    void onComplete(BiConsumer<? super T, ? super MqttClientException> action);
}
