package dev.mqttj.spring.listener;

import dev.mqttj.client.ReceivedMessage;
import dev.mqttj.spring.listener.MqttListenerInvocationListener.Outcome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * The running side of one {@link MqttListenerEndpoint}: invokes the listener method for a message, hands
 * failures to the error handler, publishes return values, and with a concurrency above one runs the
 * invocations on its own lanes of threads. Created and started by the {@link MqttListenerEndpointRegistry};
 * its counters feed health and the actuator endpoint.
 *
 * <p>Thread-safe. Messages reach it through the registry's dispatcher only while it is running.
 */
public final class MqttListenerContainer {

    private static final VarHandle SUCCESSES;
    private static final VarHandle PROCESSING_INLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SUCCESSES = lookup.findVarHandle(MqttListenerContainer.class, "successes", long.class);
            PROCESSING_INLINE = lookup.findVarHandle(MqttListenerContainer.class, "processingInline", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How long stopping waits for queued messages of a concurrent listener to be processed. */
    private static final long DRAIN_TIMEOUT_MILLIS = 10_000;

    private final MqttListenerEndpoint endpoint;
    private final ListenerInvoker invoker;
    private final MqttListenerErrorHandler errorHandler;
    private final BiConsumer<String, Object> replies;
    private final ThreadFactory threadFactory;
    private final Supplier<MqttListenerInvocationListener> invocationListener;
    private final Supplier<MqttListenerInvocationObserver> observer;
    private final boolean concurrent;
    /**
     * Counted with plain (opaque) stores when the listener runs on the reader thread: one thread delivers to it
     * at a time, and an atomic instruction per message would cost more than the rest of its bookkeeping. Only a
     * reader still stuck in this listener after its connection was replaced could overlap the next one and
     * lose a count; concurrent listeners count atomically.
     */
    private long successes;
    private final LongAdder failures = new LongAdder();
    private final LongAdder redeliveries = new LongAdder();
    /** Messages of a concurrent listener being processed. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** 1 while a listener on the reader thread processes a message (see {@link #successes}). */
    private int processingInline;
    private volatile OrderedLanes lanes;
    private volatile boolean running;
    /** The listener's filters the broker refused at their last subscription, in the listener's order. */
    private volatile List<String> refusedFilters = List.of();

    MqttListenerContainer(MqttListenerEndpoint endpoint, ListenerInvoker invoker,
            MqttListenerErrorHandler errorHandler, BiConsumer<String, Object> replies, ThreadFactory threadFactory,
            Supplier<MqttListenerInvocationListener> invocationListener,
            Supplier<MqttListenerInvocationObserver> observer) {
        this.endpoint = endpoint;
        this.invoker = invoker;
        this.errorHandler = errorHandler;
        this.replies = replies;
        this.threadFactory = threadFactory;
        this.invocationListener = invocationListener;
        this.observer = observer;
        this.concurrent = endpoint.concurrency() > 1;
    }

    /**
     * Returns the listener's id.
     *
     * @return the id
     */
    public String id() {
        return endpoint.id();
    }

    /**
     * Returns the endpoint this container runs.
     *
     * @return the endpoint
     */
    public MqttListenerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Returns the MQTT filters the listener subscribes to.
     *
     * @return the filters, variables replaced by {@code +}
     */
    public List<String> filters() {
        return endpoint.topics().stream().map(TopicTemplate::filter).toList();
    }

    /**
     * Tells whether the listener receives messages.
     *
     * @return true between start and stop
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns how many messages the listener processed without an exception.
     *
     * @return the count since the application started
     */
    public long successCount() {
        return (long) SUCCESSES.getOpaque(this);
    }

    /**
     * Returns how many messages failed and were acknowledged by the error handler.
     *
     * @return the count since the application started
     */
    public long failureCount() {
        return failures.sum();
    }

    /**
     * Returns how many messages failed and were refused for redelivery by the error handler.
     *
     * @return the count since the application started
     */
    public long redeliveryCount() {
        return redeliveries.sum();
    }

    /**
     * Returns how many messages the listener is processing or has queued (concurrent listeners).
     *
     * @return the messages dispatched to it and not yet done
     */
    public int inFlightCount() {
        return inFlight.get() + (int) PROCESSING_INLINE.getOpaque(this);
    }

    /**
     * Returns how many messages wait in the lanes of a concurrent listener.
     *
     * @return the queued messages; 0 for a listener on the reader thread
     */
    public int queuedCount() {
        OrderedLanes current = lanes;
        return current == null ? 0 : current.queued();
    }

    /**
     * Returns the listener's filters that the broker refused when they were last subscribed (SUBACK return
     * code 0x80, for example because of an access control list). The listener receives nothing through them;
     * the list empties when a later subscription of those filters is granted.
     *
     * @return the refused filters, variables replaced by {@code +}; empty when every filter was granted
     */
    public List<String> refusedFilters() {
        return refusedFilters;
    }

    /** Records the broker's answer for some of this listener's filters: granted ones are no longer refused. */
    void subscriptionAnswered(Collection<String> granted, Collection<String> refused) {
        List<String> now = new ArrayList<>();
        for (String filter : filters()) {
            if (refused.contains(filter) || (refusedFilters.contains(filter) && !granted.contains(filter))) {
                now.add(filter);
            }
        }
        refusedFilters = List.copyOf(now);
    }

    boolean isConcurrent() {
        return concurrent;
    }

    void start() {
        if (isConcurrent() && lanes == null) {
            lanes = new OrderedLanes(endpoint.concurrency(), threadFactory);
        }
        running = true;
    }

    void stop() {
        running = false;
        OrderedLanes current = lanes;
        lanes = null;
        if (current != null) {
            current.shutdown(DRAIN_TIMEOUT_MILLIS);
        }
    }

    /**
     * Processes a message on the calling thread.
     *
     * @return null to acknowledge, else the reason to refuse the message
     */
    Throwable process(ReceivedMessage received, TopicTemplate template) {
        MqttListenerInvocationListener listener = invocationListener.get();
        MqttListenerInvocationObserver current = observer.get();
        if (listener == MqttListenerInvocationListener.NONE && current == null) {
            return processUnobserved(received, template);
        }
        return processObserved(received, template, listener, current);
    }

    private Throwable processUnobserved(ReceivedMessage received, TopicTemplate template) {
        enter();
        try {
            invokeAndReply(received, template);
        } catch (Throwable failure) {
            return failed(failure, received);
        } finally {
            exit();
        }
        countSuccess();
        return null;
    }

    private Throwable processObserved(ReceivedMessage received, TopicTemplate template,
            MqttListenerInvocationListener listener, MqttListenerInvocationObserver current) {
        // Without a listener to tell (no metrics), the two clock reads would be the largest cost here.
        long start = listener == MqttListenerInvocationListener.NONE ? 0 : System.nanoTime();
        MqttListenerInvocationObserver.Scope scope = current == null ? null : current.start(endpoint.id(), received);
        Throwable listenerFailure = null;
        Outcome outcome = Outcome.SUCCESS;
        Throwable refusal = null;
        enter();
        try {
            invokeAndReply(received, template);
        } catch (Throwable failure) {
            listenerFailure = failure;
            refusal = failed(failure, received);
            outcome = refusal == null ? Outcome.FAILURE : Outcome.REDELIVERY;
        } finally {
            exit();
            if (scope != null) {
                scope.stop(listenerFailure);
            }
        }
        if (outcome == Outcome.SUCCESS) {
            countSuccess();
        }
        if (listener != MqttListenerInvocationListener.NONE) {
            listener.invoked(endpoint.id(), outcome, System.nanoTime() - start);
        }
        return refusal;
    }

    private void invokeAndReply(ReceivedMessage received, TopicTemplate template) throws Exception {
        Object result = invoker.invoke(received, template);
        if (result != null && endpoint.replyTopic() != null) {
            replies.accept(endpoint.replyTopic(), result);
        }
    }

    /** Hands a failure to the error handler; returns null to acknowledge, or the handler's reason to refuse. */
    private Throwable failed(Throwable failure, ReceivedMessage received) {
        try {
            errorHandler.handleError(describe(failure, received));
            failures.increment();
            return null;
        } catch (Throwable refused) {
            redeliveries.increment();
            return refused;
        }
    }

    private void enter() {
        if (concurrent) {
            inFlight.incrementAndGet();
        } else {
            PROCESSING_INLINE.setOpaque(this, 1);
        }
    }

    private void exit() {
        if (concurrent) {
            inFlight.decrementAndGet();
        } else {
            PROCESSING_INLINE.setOpaque(this, 0);
        }
    }

    private void countSuccess() {
        if (concurrent) {
            SUCCESSES.getAndAdd(this, 1L);
        } else {
            SUCCESSES.setOpaque(this, (long) SUCCESSES.getOpaque(this) + 1);
        }
    }

    /**
     * Queues a message on the lane of its topic; the pending acknowledgement learns the outcome.
     *
     * @return false if the listener stopped meanwhile, and nothing was queued
     * @throws InterruptedException if interrupted while the lane is full
     */
    boolean submit(ReceivedMessage received, TopicTemplate template, PendingAcknowledgement pending)
            throws InterruptedException {
        OrderedLanes current = lanes;
        if (current == null) {
            return false;
        }
        current.submit(received.message().topic(), () -> pending.done(process(received, template)));
        return true;
    }

    private MqttListenerExecutionFailedException describe(Throwable failure, ReceivedMessage received) {
        if (failure instanceof MqttListenerExecutionFailedException described) {
            return described;
        }
        String topic = received.message().topic();
        String what;
        if (failure instanceof MessageConversionException) {
            what = "could not convert the payload of a message on topic '" + topic + "' for " + describeMethod();
        } else if (failure instanceof MethodArgumentResolutionException) {
            what = "could not bind a message on topic '" + topic + "' to " + describeMethod();
        } else {
            what = "failed on a message on topic '" + topic + "'";
        }
        return new MqttListenerExecutionFailedException("MQTT listener '" + endpoint.id() + "' " + what + ": "
                + failure, endpoint.id(), received, failure);
    }

    private String describeMethod() {
        return MqttListenerEndpoint.describe(endpoint.method());
    }

    /**
     * Describes the container.
     *
     * @return the id, the filters and whether it runs
     */
    @Override
    public String toString() {
        return "MqttListenerContainer[" + id() + " " + filters() + (running ? " running" : " stopped") + "]";
    }
}
