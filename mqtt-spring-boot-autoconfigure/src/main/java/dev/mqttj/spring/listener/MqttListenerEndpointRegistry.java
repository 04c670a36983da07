package dev.mqttj.spring.listener;

import dev.mqttj.client.FailedSubscriptionException;
import dev.mqttj.client.MqttOperations;
import dev.mqttj.client.SubscribeResult;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscription;
import dev.mqttj.spring.listener.MqttListenerDispatcher.Route;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Owns the application's MQTT listeners: creates a {@link MqttListenerContainer} per
 * {@link MqttListenerEndpoint}, subscribes their filters on the one MQTT connection and routes messages to
 * them through the {@link MqttListenerDispatcher}. Lists the listeners and starts or stops one by id at
 * runtime (subscribing or unsubscribing its filters); a listener registered after start starts at once.
 *
 * <p>As a {@link SmartLifecycle} in phase {@link #PHASE} it starts the listeners after the connection's
 * lifecycle (so they start once the context is refreshed) and stops them before the connection closes. Stopping
 * with the application never unsubscribes: with a persistent session the broker keeps the messages for the next
 * start. The service subscribes again after every reconnect by itself.
 *
 * <p>Thread-safe: the runtime operations may be called from any thread.
 */
public class MqttListenerEndpointRegistry implements SmartLifecycle, ApplicationEventPublisherAware {

    /** The lifecycle phase: late to start, early to stop, as Spring for Apache Kafka's containers. */
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Log LOGGER = LogFactory.getLog(MqttListenerEndpointRegistry.class);

    private final MqttOperations operations;
    private final MqttListenerDispatcher dispatcher;
    /** Asked for the method factory when the first listener registers, unless it was given. */
    private final ObjectFactory<? extends MessageHandlerMethodFactory> methodFactorySupplier;
    private volatile MessageHandlerMethodFactory methodFactory;
    private final Object methodFactoryLock = new Object();
    private final MqttListenerErrorHandler defaultErrorHandler;
    private final BiConsumer<String, Object> replies;
    private final Function<String, ThreadFactory> threadFactories;
    private final Map<String, MqttListenerContainer> containers = new LinkedHashMap<>();
    private final Map<MqttListenerContainer, List<Route>> routes = new HashMap<>();
    /** Per filter a running container needs, those containers with the QoS each asked for. */
    private final Map<String, Map<MqttListenerContainer, Integer>> subscribers = new HashMap<>();
    /** What the registry subscribed on the connection: the {@link SubscriptionPlan} of the needed filters. */
    private Map<String, Integer> subscribed = Map.of();
    private volatile MqttListenerInvocationListener invocationListener = MqttListenerInvocationListener.NONE;
    private volatile MqttListenerInvocationObserver invocationObserver;
    private boolean running;
    /**
     * What {@link #subscriptions()} answers, made when first needed: an application without listeners then
     * never initializes {@code CompletableFuture} (and its common pool) while starting.
     */
    private CompletableFuture<SubscribeResult> started;
    private boolean startedOnce;
    private volatile ApplicationEventPublisher eventPublisher;

    /**
     * Creates the registry.
     *
     * @param operations the MQTT service that subscribes the listeners' filters
     * @param dispatcher the service's message handler, which routes to the listeners
     * @param methodFactory binds messages to listener method parameters
     * @param defaultErrorHandler the error handler of listeners that name none
     * @param replies publishes return values of {@code @SendTo} methods (topic, value), or null if none may
     * @param threadFactories the thread factory of a concurrent listener, by listener id
     */
    public MqttListenerEndpointRegistry(MqttOperations operations, MqttListenerDispatcher dispatcher,
            MessageHandlerMethodFactory methodFactory, MqttListenerErrorHandler defaultErrorHandler,
            BiConsumer<String, Object> replies, Function<String, ThreadFactory> threadFactories) {
        this(operations, dispatcher, null, Objects.requireNonNull(methodFactory, "methodFactory"), defaultErrorHandler,
                replies, threadFactories);
    }

    /**
     * Creates the registry with a method factory that is asked for only when the first listener registers: an
     * application without listeners then never loads spring-messaging's handler method support, which costs a
     * cold start several milliseconds.
     *
     * @param operations the MQTT service that subscribes the listeners' filters
     * @param dispatcher the service's message handler, which routes to the listeners
     * @param methodFactory supplies what binds messages to listener method parameters, when the first listener
     *     registers (listeners registering at the same time may each ask it; the first answer is kept), e.g. an
     *     {@code ObjectProvider} of the factory bean
     * @param defaultErrorHandler the error handler of listeners that name none
     * @param replies publishes return values of {@code @SendTo} methods (topic, value), or null if none may
     * @param threadFactories the thread factory of a concurrent listener, by listener id
     */
    public MqttListenerEndpointRegistry(MqttOperations operations, MqttListenerDispatcher dispatcher,
            ObjectFactory<? extends MessageHandlerMethodFactory> methodFactory,
            MqttListenerErrorHandler defaultErrorHandler, BiConsumer<String, Object> replies,
            Function<String, ThreadFactory> threadFactories) {
        this(operations, dispatcher, Objects.requireNonNull(methodFactory, "methodFactory"), null, defaultErrorHandler,
                replies, threadFactories);
    }

    private MqttListenerEndpointRegistry(MqttOperations operations, MqttListenerDispatcher dispatcher,
            ObjectFactory<? extends MessageHandlerMethodFactory> methodFactorySupplier,
            MessageHandlerMethodFactory methodFactory, MqttListenerErrorHandler defaultErrorHandler,
            BiConsumer<String, Object> replies, Function<String, ThreadFactory> threadFactories) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.methodFactorySupplier = methodFactorySupplier;
        this.methodFactory = methodFactory;
        this.defaultErrorHandler = Objects.requireNonNull(defaultErrorHandler, "defaultErrorHandler");
        this.replies = replies;
        this.threadFactories = Objects.requireNonNull(threadFactories, "threadFactories");
    }

    /**
     * Sets where a {@link MqttListenerSubscriptionRefusedEvent} goes; the application context calls it.
     *
     * @param eventPublisher the publisher, or null for none
     */
    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
        this.eventPublisher = eventPublisher;
    }

    /**
     * Sets what is told about every listener invocation (meters). Call before the registry starts.
     *
     * @param invocationListener the listener, not null
     */
    public void setInvocationListener(MqttListenerInvocationListener invocationListener) {
        this.invocationListener = Objects.requireNonNull(invocationListener, "invocationListener");
    }

    /**
     * Sets what wraps every listener invocation (tracing).
     *
     * @param invocationObserver the observer, or null for none
     */
    public void setInvocationObserver(MqttListenerInvocationObserver invocationObserver) {
        this.invocationObserver = invocationObserver;
    }

    /**
     * Adds a listener. If the registry is running and the endpoint starts automatically, the listener starts
     * at once.
     *
     * @param endpoint the listener's description
     * @return the listener's container
     * @throws IllegalArgumentException if a listener with the same id exists, or the endpoint has a reply
     *     topic while no template can publish replies
     */
    public MqttListenerContainer registerListener(MqttListenerEndpoint endpoint) {
        if (endpoint.replyTopic() != null && replies == null) {
            throw new IllegalArgumentException(endpoint + " has @SendTo but there is no MqttTemplate to publish the"
                    + " return value with");
        }
        Method invocable = AopUtils.selectInvocableMethod(endpoint.method(), endpoint.bean().getClass());
        MessageHandlerMethodFactory methodFactory = methodFactory();
        InvocableHandlerMethod handlerMethod = methodFactory.createInvocableHandlerMethod(endpoint.bean(), invocable);
        ListenerInvoker invoker = methodFactory instanceof MqttMessageHandlerMethodFactory mqtt
                ? DirectListenerInvoker.create(endpoint, handlerMethod, mqtt.directBindingConverter()) : null;
        MqttListenerContainer container = new MqttListenerContainer(endpoint,
                invoker != null ? invoker : ListenerInvoker.messaging(handlerMethod, endpoint.id()),
                endpoint.errorHandler() != null ? endpoint.errorHandler() : defaultErrorHandler, replies,
                threadFactories.apply(endpoint.id()), () -> this.invocationListener, () -> this.invocationObserver);
        synchronized (this) {
            if (containers.putIfAbsent(endpoint.id(), container) != null) {
                throw new IllegalArgumentException("two MQTT listeners have the id '" + endpoint.id() + "': "
                        + containers.get(endpoint.id()).endpoint() + " and " + endpoint);
            }
            if (running && endpoint.autoStartup()) {
                subscribe(List.of(container));
            }
        }
        return container;
    }

    /**
     * Returns the broker's answer to the subscription of the listeners the registry started with: useful to
     * wait until they receive, e.g. before the application reports itself ready.
     *
     * @return completes with the broker's answer (null if no listener started), or exceptionally if the
     *     subscription failed; not complete before the registry started
     */
    public synchronized CompletableFuture<SubscribeResult> subscriptions() {
        if (started == null) {
            started = startedOnce ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        }
        return started.copy();
    }

    /**
     * Returns every listener.
     *
     * @return the containers in registration order
     */
    public synchronized Collection<MqttListenerContainer> getListenerContainers() {
        return List.copyOf(containers.values());
    }

    /**
     * Describes every listener for health details and the actuator endpoint: its state, filters and counts.
     *
     * @return per listener id, in registration order: {@code state} ("running" or "stopped"), {@code filters},
     *     {@code concurrency}, {@code succeeded}, {@code failed}, {@code redelivered}, {@code inFlight} and
     *     {@code queued}
     */
    public Map<String, Map<String, Object>> describe() {
        Map<String, Map<String, Object>> listeners = new LinkedHashMap<>();
        for (MqttListenerContainer container : getListenerContainers()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", container.isRunning() ? "running" : "stopped");
            details.put("filters", container.filters());
            details.put("concurrency", container.endpoint().concurrency());
            details.put("succeeded", container.successCount());
            details.put("failed", container.failureCount());
            details.put("redelivered", container.redeliveryCount());
            details.put("inFlight", container.inFlightCount());
            details.put("queued", container.queuedCount());
            if (!container.refusedFilters().isEmpty()) {
                details.put("refusedFilters", container.refusedFilters());
            }
            listeners.put(container.id(), details);
        }
        return listeners;
    }

    /**
     * Returns the filters the registry subscribed on the connection for its listeners: the needed filters with
     * overlapping ones merged (see the class description).
     *
     * @return each subscribed filter with its QoS
     */
    public synchronized Map<String, Integer> subscribedFilters() {
        return Map.copyOf(subscribed);
    }

    /**
     * Returns the ids of every listener.
     *
     * @return the ids in registration order
     */
    public synchronized Set<String> getListenerContainerIds() {
        return Set.copyOf(containers.keySet());
    }

    /**
     * Returns one listener.
     *
     * @param id the listener's id
     * @return the container, or null if there is none with that id
     */
    public synchronized MqttListenerContainer getListenerContainer(String id) {
        return containers.get(id);
    }

    /**
     * Starts one listener: it receives messages again and its filters are subscribed.
     *
     * @param id the listener's id
     * @return completes with the broker's answer to the subscription (immediately if it was running)
     * @throws IllegalArgumentException if there is no listener with that id
     */
    public synchronized CompletableFuture<SubscribeResult> startListener(String id) {
        MqttListenerContainer container = require(id);
        if (container.isRunning()) {
            return CompletableFuture.completedFuture(null);
        }
        return subscribe(List.of(container));
    }

    /**
     * Stops one listener: it receives no more messages and its filters that no other running listener uses
     * are unsubscribed. A concurrent listener finishes the messages it has queued first.
     *
     * @param id the listener's id
     * @return completes when the broker confirmed the unsubscription (immediately if nothing was unsubscribed)
     * @throws IllegalArgumentException if there is no listener with that id
     */
    public synchronized CompletableFuture<Void> stopListener(String id) {
        MqttListenerContainer container = require(id);
        if (!container.isRunning()) {
            return CompletableFuture.completedFuture(null);
        }
        detach(container);
        for (String filter : container.filters()) {
            Map<MqttListenerContainer, Integer> users = subscribers.get(filter);
            if (users != null && users.remove(container) != null && users.isEmpty()) {
                subscribers.remove(filter);
            }
        }
        return replan().thenApply(answer -> null);
    }

    /**
     * The method factory, asked for on first use. The supplier is called without a lock: it may create a bean,
     * under the bean factory's lock, while a bean being created under that lock may register a listener. Two
     * threads that both ask get the same bean from an application context, and the first answer is kept anyway.
     */
    private MessageHandlerMethodFactory methodFactory() {
        MessageHandlerMethodFactory factory = this.methodFactory;
        if (factory != null) {
            return factory;
        }
        factory = Objects.requireNonNull(methodFactorySupplier.getObject(), "the method factory supplied was null");
        synchronized (methodFactoryLock) {
            if (this.methodFactory == null) {
                this.methodFactory = factory;
            }
            return this.methodFactory;
        }
    }

    private MqttListenerContainer require(String id) {
        MqttListenerContainer container = containers.get(id);
        if (container == null) {
            throw new IllegalArgumentException("no MQTT listener with id '" + id + "'; known: " + containers.keySet());
        }
        return container;
    }

    /** Starts the containers, routes to them and subscribes their filters. */
    private CompletableFuture<SubscribeResult> subscribe(List<MqttListenerContainer> starting) {
        for (MqttListenerContainer container : starting) {
            container.start();
            List<Route> added = new ArrayList<>();
            for (TopicTemplate template : container.endpoint().topics()) {
                Route route = new Route(container, template);
                dispatcher.add(route);
                added.add(route);
                subscribers.computeIfAbsent(template.filter(), filter -> new HashMap<>())
                        .put(container, container.endpoint().qos());
            }
            routes.put(container, added);
        }
        return replan();
    }

    /**
     * Brings the connection's subscriptions in line with the plan of the needed filters: subscribes new filters
     * (and those whose QoS changed) first, then unsubscribes those no longer planned, so that no message of a
     * running listener falls between the two.
     */
    private CompletableFuture<SubscribeResult> replan() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        subscribers.forEach((filter, users) -> wanted.put(filter,
                users.values().stream().max(Integer::compare).orElseThrow()));
        Map<String, Integer> plan = SubscriptionPlan.of(wanted);
        List<Subscription> added = new ArrayList<>();
        plan.forEach((filter, qos) -> {
            if (!qos.equals(subscribed.get(filter))) {
                added.add(new Subscription(filter, qos));
            }
        });
        List<String> removed = subscribed.keySet().stream().filter(filter -> !plan.containsKey(filter)).toList();
        subscribed = plan;
        Map<String, Map<MqttListenerContainer, String>> usersOfAdded = usersOf(added);
        CompletableFuture<SubscribeResult> result = added.isEmpty() ? CompletableFuture.completedFuture(null)
                : operations.subscribeMultiple(added).toCompletableFuture();
        result.whenComplete((answer, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (answer != null) {
                List<String> refused = answer.refused().stream().map(Subscription::topicFilter).toList();
                answered(usersOfAdded, refused);
            } else if (cause instanceof FailedSubscriptionException refusal) {
                // validate-subs: the core closed the connection over the refusal and reconnects without them.
                List<String> refused = new ArrayList<>();
                for (int i = 0; i < refusal.topicFilters().size(); i++) {
                    if (refusal.returnCodes().get(i) == Suback.FAILURE) {
                        refused.add(refusal.topicFilters().get(i));
                    }
                }
                answered(usersOfAdded, refused);
            } else if (failure != null) {
                LOGGER.warn("MQTT listeners could not subscribe to " + added + " yet: " + failure
                        + "; the service subscribes again when it reconnects");
            }
        });
        if (removed.isEmpty()) {
            return result;
        }
        CompletableFuture<Void> unsubscribed = operations.unsubscribeMultiple(removed).toCompletableFuture();
        return result.thenCombine(unsubscribed, (answer, done) -> answer);
    }

    /**
     * For each filter about to be subscribed, the running listeners it serves, each with its own filter that
     * the subscribed one equals or covers (see {@link SubscriptionPlan}). Taken with the registry's lock, so the
     * broker's answer can be matched on the reader thread without it.
     */
    private Map<String, Map<MqttListenerContainer, String>> usersOf(List<Subscription> added) {
        Map<String, Map<MqttListenerContainer, String>> users = new LinkedHashMap<>();
        for (Subscription subscription : added) {
            String planned = subscription.topicFilter();
            Map<MqttListenerContainer, String> byContainer = new LinkedHashMap<>();
            subscribers.forEach((filter, containersOfFilter) -> {
                if (filter.equals(planned) || planned.equals(SubscriptionPlan.cover(planned, filter))) {
                    containersOfFilter.keySet().forEach(container -> byContainer.put(container, filter));
                }
            });
            users.put(planned, byContainer);
        }
        return users;
    }

    /**
     * Tells each listener of the subscribed filters which of its filters the broker refused, logs each refusal
     * with the listener's id and publishes a {@link MqttListenerSubscriptionRefusedEvent} per listener.
     */
    private void answered(Map<String, Map<MqttListenerContainer, String>> usersOfAdded, List<String> refused) {
        Map<MqttListenerContainer, List<String>> grantedBy = new LinkedHashMap<>();
        Map<MqttListenerContainer, List<String>> refusedBy = new LinkedHashMap<>();
        usersOfAdded.forEach((planned, users) -> users.forEach((container, filter) -> {
            Map<MqttListenerContainer, List<String>> target = refused.contains(planned) ? refusedBy : grantedBy;
            target.computeIfAbsent(container, c -> new ArrayList<>()).add(filter);
            grantedBy.computeIfAbsent(container, c -> new ArrayList<>());
        }));
        grantedBy.forEach((container, granted) -> {
            List<String> refusedFilters = refusedBy.getOrDefault(container, List.of());
            container.subscriptionAnswered(granted, refusedFilters);
            if (refusedFilters.isEmpty()) {
                return;
            }
            LOGGER.error("The MQTT broker refused the subscription of listener '" + container.id() + "' to "
                    + refusedFilters + " (SUBACK return code 0x80); the listener receives nothing from them,"
                    + " the other listeners are not affected");
            ApplicationEventPublisher publisher = eventPublisher;
            if (publisher != null) {
                publisher.publishEvent(new MqttListenerSubscriptionRefusedEvent(this, container.id(), refusedFilters));
            }
        });
    }

    private void detach(MqttListenerContainer container) {
        List<Route> removed = routes.remove(container);
        if (removed != null) {
            removed.forEach(dispatcher::remove);
        }
        container.stop();
    }

    /** Starts every listener that starts automatically and lets messages through to them. */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        List<MqttListenerContainer> starting = new ArrayList<>();
        for (MqttListenerContainer container : containers.values()) {
            if (container.endpoint().autoStartup()) {
                starting.add(container);
            }
        }
        running = true;
        startedOnce = true;
        CompletableFuture<SubscribeResult> previous = started;
        if (starting.isEmpty() && subscribers.isEmpty() && subscribed.isEmpty()) {
            // Nothing to subscribe or unsubscribe, as in an application without listeners.
            dispatcher.open();
            if (previous != null && !previous.isDone()) {
                previous.complete(null);
            } else {
                started = null;
            }
            return;
        }
        // Routes first, then the broker is asked: no message of these filters finds no listener.
        CompletableFuture<SubscribeResult> subscribed = subscribe(starting);
        dispatcher.open();
        if (previous == null || previous.isDone()) {
            started = subscribed;
        } else {
            subscribed.whenComplete((answer, failure) -> {
                if (failure != null) {
                    previous.completeExceptionally(failure);
                } else {
                    previous.complete(answer);
                }
            });
        }
    }

    /**
     * Stops every listener without unsubscribing: with a persistent session the broker keeps their messages
     * for the next start. Concurrent listeners finish the messages they have queued.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        dispatcher.close();
        for (MqttListenerContainer container : containers.values()) {
            if (container.isRunning()) {
                detach(container);
            }
        }
        subscribers.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
