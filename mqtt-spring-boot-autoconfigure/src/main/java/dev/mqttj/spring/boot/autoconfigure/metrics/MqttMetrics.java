package dev.mqttj.spring.boot.autoconfigure.metrics;

import dev.mqttj.client.ClientEventListener;
import dev.mqttj.client.ConnectionLostException;
import dev.mqttj.client.MqttClientException;
import dev.mqttj.client.Service;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Meters of the MQTT connection, fed by the service's events:
 * <ul>
 * <li>{@code mqtt.client.connected} (gauge, 1 online, 0 offline), {@code mqtt.client.queued} and
 * {@code mqtt.client.inflight} (gauges, commands);</li>
 * <li>{@code mqtt.client.connection.attempts}, {@code mqtt.client.connection.failures} and
 * {@code mqtt.client.connection.losses} (counters, the latter two tagged {@code cause}, the exception
 * type);</li>
 * <li>{@code mqtt.client.messages.published} and {@code mqtt.client.messages.received} (counters
 * tagged {@code qos}), {@code mqtt.client.publish.acknowledgement} (timer tagged {@code qos});</li>
 * <li>{@code mqtt.client.queue.full} and {@code mqtt.client.subscriptions.failed} (counters).</li>
 * </ul>
 * No meter carries a topic: topics are unbounded and would explode the number of time series.
 *
 * <p>Events before {@link #bindTo(MeterRegistry)} are not counted. The per-message paths look up
 * nothing and allocate nothing: the meters per QoS are created when binding.
 */
public final class MqttMetrics implements MeterBinder, ClientEventListener {

    private static final String[] QOS = { "0", "1", "2" };

    private final Supplier<Service> service;
    /** Until bound, meters of a registry that records nothing, so the event paths need no checks. */
    private volatile Meters meters = new Meters(new CompositeMeterRegistry());

    /**
     * Creates the binder.
     *
     * @param service supplies the service whose state the gauges read; asked when binding, so the
     *     service may be created after this binder
     */
    public MqttMetrics(Supplier<Service> service) {
        this.service = service;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Service target = this.service.get();
        Gauge.builder("mqtt.client.connected", target, s -> s.isOnline() ? 1 : 0)
                .description("Whether the MQTT connection is online (1) or not (0)").register(registry);
        Gauge.builder("mqtt.client.queued", target, s -> s.status().queued())
                .description("Commands waiting in the offline queue").baseUnit("commands").register(registry);
        Gauge.builder("mqtt.client.inflight", target, s -> s.status().inflight())
                .description("Commands awaiting the broker's acknowledgement").baseUnit("commands")
                .register(registry);
        this.meters = new Meters(registry);
    }

    @Override
    public void connecting(String brokerUrl) {
        this.meters.attempts.increment();
    }

    @Override
    public void connectFailed(String brokerUrl, MqttClientException cause) {
        this.meters.registry.counter("mqtt.client.connection.failures", "cause", causeName(cause)).increment();
    }

    @Override
    public void connectionLost(MqttClientException cause) {
        this.meters.registry.counter("mqtt.client.connection.losses", "cause", causeName(cause)).increment();
    }

    @Override
    public void published(int qos) {
        this.meters.published[qos].increment();
    }

    @Override
    public void publishAcknowledged(int qos, long latencyNanos) {
        this.meters.acknowledged[qos].record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void messageReceived(int qos) {
        this.meters.received[qos].increment();
    }

    @Override
    public void queueFull() {
        this.meters.queueFull.increment();
    }

    @Override
    public void subscriptionFailed(List<String> topicFilters, MqttClientException cause) {
        this.meters.subscriptionsFailed.increment();
    }

    /** The exception type, a bounded set; a wrapped I/O failure is named by what it wraps. */
    static String causeName(MqttClientException cause) {
        Throwable named = cause instanceof ConnectionLostException && cause.getCause() != null ? cause.getCause() : cause;
        return named == null ? "none" : named.getClass().getSimpleName();
    }

    /** The meters of one registry, created once so the per-message paths only index and increment (QoS is 0..2). */
    private static final class Meters {
        final MeterRegistry registry;
        final Counter attempts;
        final Counter queueFull;
        final Counter subscriptionsFailed;
        final Counter[] published = new Counter[3];
        final Counter[] received = new Counter[3];
        final Timer[] acknowledged = new Timer[3];

        Meters(MeterRegistry registry) {
            this.registry = registry;
            this.attempts = Counter.builder("mqtt.client.connection.attempts")
                    .description("Connection attempts, successful or not").register(registry);
            this.queueFull = Counter.builder("mqtt.client.queue.full")
                    .description("Commands refused because the offline queue stayed full").register(registry);
            this.subscriptionsFailed = Counter.builder("mqtt.client.subscriptions.failed")
                    .description("Subscriptions the broker refused or that could not be renewed").register(registry);
            for (int qos = 0; qos <= 2; qos++) {
                this.published[qos] = Counter.builder("mqtt.client.messages.published").tag("qos", QOS[qos])
                        .description("Messages the application published").register(registry);
                this.received[qos] = Counter.builder("mqtt.client.messages.received").tag("qos", QOS[qos])
                        .description("Messages received from the broker").register(registry);
                this.acknowledged[qos] = Timer.builder("mqtt.client.publish.acknowledgement").tag("qos", QOS[qos])
                        .description("Time from publishing to the broker's acknowledgement").register(registry);
            }
        }
    }
}
