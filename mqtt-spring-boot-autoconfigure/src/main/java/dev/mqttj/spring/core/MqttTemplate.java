package dev.mqttj.spring.core;

import dev.mqttj.client.GenericFuture;
import dev.mqttj.client.MqttClientException;
import dev.mqttj.client.MqttOperations;
import dev.mqttj.packet.Message;
import dev.mqttj.spring.core.observation.DefaultMqttPublishObservationConvention;
import dev.mqttj.spring.core.observation.MqttPublishObservationContext;
import dev.mqttj.spring.core.observation.MqttPublishObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Publishes messages through the application's MQTT connection, usually its
 * {@link dev.mqttj.client.Service}.
 *
 * <p>A payload is sent as is when it is a {@code byte[]}, as UTF-8 when it is a {@code String}, and
 * converted by the {@link MqttPayloadConverter} (JSON by default) otherwise. Publishing while the
 * connection is down queues the message as the service does; a full queue makes the caller wait at
 * most the service's queue timeout, after which the returned future fails. The message is published
 * on the calling thread: nothing is handed to another thread.
 *
 * <p>Thread-safe. Configure it (observation) before it is shared.
 */
public class MqttTemplate {

    private final MqttOperations operations;
    private final MqttPayloadConverter converter;
    private final int defaultQos;
    private final boolean defaultRetain;
    /** Null unless observing. */
    private ObservedPublisher observed;

    /**
     * Creates a template.
     *
     * @param operations what publishes: the application's {@code Service} (queues while offline) or a
     *     {@code Client}
     * @param converter converts payloads that are neither {@code byte[]} nor {@code String}
     * @param defaultQos the QoS of publishes that do not name one, 0..2
     * @param defaultRetain the retain flag of publishes that do not name one
     * @throws IllegalArgumentException if the default QoS is not 0..2
     */
    public MqttTemplate(MqttOperations operations, MqttPayloadConverter converter, int defaultQos, boolean defaultRetain) {
        if (defaultQos < 0 || defaultQos > 2) {
            throw new IllegalArgumentException("defaultQos must be 0, 1 or 2 but was " + defaultQos);
        }
        this.operations = Objects.requireNonNull(operations, "operations");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.defaultQos = defaultQos;
        this.defaultRetain = defaultRetain;
    }

    /**
     * Records each publish as a Micrometer {@link Observation} ({@code mqtt.publish} by default), so a
     * tracer sees it as a span; off by default ({@code mqtt.template.observation-enabled}). The
     * observation ends when the QoS flow is done.
     *
     * @param registry the registry to record into, or null to observe nothing
     * @param convention names the observation and its key values, or null for
     *     {@link DefaultMqttPublishObservationConvention}
     */
    public void setObservation(ObservationRegistry registry, MqttPublishObservationConvention convention) {
        this.observed = registry == null ? null : new ObservedPublisher(registry, convention);
    }

    /**
     * Publishes with the default QoS and retain flag.
     *
     * @param topic the topic name
     * @param payload a {@code byte[]}, a {@code String} or an object the converter handles
     * @return a future completed when the QoS flow is done (QoS 0: when written), failed with the
     *     service's error (for example a {@link dev.mqttj.client.QueueFullException} cause)
     * @throws IllegalArgumentException if the topic is not a valid topic name
     * @throws MqttPayloadConversionException if the payload cannot be converted
     */
    public CompletableFuture<Void> publish(String topic, Object payload) {
        return publish(topic, payload, this.defaultQos, this.defaultRetain);
    }

    /**
     * Publishes a message.
     *
     * @param topic the topic name
     * @param payload a {@code byte[]}, a {@code String} or an object the converter handles
     * @param qos 0, 1 or 2
     * @param retain whether the broker retains the message
     * @return a future completed when the QoS flow is done (QoS 0: when written)
     * @throws IllegalArgumentException if the topic or QoS is invalid
     * @throws MqttPayloadConversionException if the payload cannot be converted
     */
    public CompletableFuture<Void> publish(String topic, Object payload, int qos, boolean retain) {
        byte[] bytes = toBytes(payload);
        ObservedPublisher observed = this.observed;
        if (observed != null) {
            return observed.publish(this.operations, topic, bytes, qos, retain);
        }
        PublishCompletion completion = new PublishCompletion();
        this.operations.publishMessage(new Message(topic, bytes, qos, retain), completion);
        return completion;
    }

    /**
     * Publishes with the default QoS and retain flag and waits for the QoS flow to finish.
     *
     * @param topic the topic name
     * @param payload a {@code byte[]}, a {@code String} or an object the converter handles
     * @param timeout how long to wait at most
     * @throws TimeoutException if the broker did not acknowledge in time (the message may still be
     *     delivered later)
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws dev.mqttj.client.MqttClientException if the publish failed, for example because the
     *     offline queue stayed full (a {@link dev.mqttj.client.QueueFullException})
     * @throws IllegalStateException if called on the MQTT client's own callback thread
     */
    public void publishAndWait(String topic, Object payload, Duration timeout)
            throws InterruptedException, TimeoutException {
        publishAndWait(topic, payload, this.defaultQos, this.defaultRetain, timeout);
    }

    /**
     * Publishes a message and waits for the QoS flow to finish.
     *
     * @param topic the topic name
     * @param payload a {@code byte[]}, a {@code String} or an object the converter handles
     * @param qos 0, 1 or 2
     * @param retain whether the broker retains the message
     * @param timeout how long to wait at most
     * @throws TimeoutException if the broker did not acknowledge in time (the message may still be
     *     delivered later)
     * @throws InterruptedException if the waiting thread was interrupted
     * @throws dev.mqttj.client.MqttClientException if the publish failed
     * @throws IllegalStateException if called on the MQTT client's own callback thread
     */
    public void publishAndWait(String topic, Object payload, int qos, boolean retain, Duration timeout)
            throws InterruptedException, TimeoutException {
        GenericFuture<Void> future = this.operations.publish(topic, toBytes(payload), qos, retain);
        try {
            future.await(timeout);
        } catch (CancellationException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private byte[] toBytes(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return this.converter.toPayload(Objects.requireNonNull(payload, "payload"));
    }

    /**
     * The future {@link #publish} returns, completed by the service's future as
     * {@link GenericFuture#toCompletableFuture()} would complete its view, but as one object instead of a view
     * and a callback, and registered with the service before the message is handed over instead of on a future
     * already shared: a QoS 0 publish costs about a quarter of a microsecond, and the second allocation and the
     * registration's lock were a measurable part of it.
     */
    private static final class PublishCompletion extends CompletableFuture<Void>
            implements BiConsumer<Void, MqttClientException> {

        @Override
        public void accept(Void result, MqttClientException failure) {
            if (failure == null) {
                complete(result);
            } else {
                completeExceptionally(failure);
            }
        }
    }

    /**
     * Publishes as an observation. A class of its own so that verifying the template, which every application
     * with the starter does while starting, does not load the observation and context classes it uses.
     */
    private static final class ObservedPublisher {

        private final ObservationRegistry registry;
        private final MqttPublishObservationConvention convention;

        ObservedPublisher(ObservationRegistry registry, MqttPublishObservationConvention convention) {
            this.registry = registry;
            this.convention = convention;
        }

        CompletableFuture<Void> publish(MqttOperations operations, String topic, byte[] bytes, int qos,
                boolean retain) {
            MqttPublishObservationContext context = new MqttPublishObservationContext(topic, qos, retain,
                    bytes.length);
            Observation observation = Observation.createNotStarted(this.convention,
                    DefaultMqttPublishObservationConvention.INSTANCE, () -> context, this.registry).start();
            try {
                return operations.publish(topic, bytes, qos, retain).toCompletableFuture()
                        .whenComplete((ignored, error) -> {
                            if (error != null) {
                                observation.error(error);
                            }
                            observation.stop();
                        });
            } catch (RuntimeException e) {
                observation.error(e);
                observation.stop();
                throw e;
            }
        }
    }
}
