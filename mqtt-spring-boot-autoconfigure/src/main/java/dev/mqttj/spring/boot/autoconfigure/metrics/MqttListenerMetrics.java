package dev.mqttj.spring.boot.autoconfigure.metrics;

import dev.mqttj.spring.listener.MqttListenerInvocationListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records every listener invocation in the timer {@value #METER}, tagged with the {@code listener} id and the
 * {@code outcome} ({@code success}, {@code failure}, {@code redelivery}). The timers are looked up once per
 * listener, so recording allocates nothing.
 */
public final class MqttListenerMetrics implements MqttListenerInvocationListener {

    /** The name of the timer. */
    public static final String METER = "mqtt.listener";

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final MeterRegistry registry;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

    /**
     * Creates the recorder.
     *
     * @param registry where the timers are registered
     */
    public MqttListenerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one invocation.
     *
     * @param listenerId the listener's id, the {@code listener} tag
     * @param outcome the {@code outcome} tag
     * @param nanos the invocation's duration
     */
    @Override
    public void invoked(String listenerId, Outcome outcome, long nanos) {
        Timer[] byOutcome = timers.get(listenerId);
        if (byOutcome == null) {
            byOutcome = timers.computeIfAbsent(listenerId, this::register);
        }
        byOutcome[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer[] register(String listenerId) {
        Timer[] byOutcome = new Timer[OUTCOMES.length];
        for (Outcome outcome : OUTCOMES) {
            byOutcome[outcome.ordinal()] = Timer.builder(METER)
                    .description("MQTT listener invocations, by listener and outcome")
                    .tag("listener", listenerId).tag("outcome", outcome.tag()).register(registry);
        }
        return byOutcome;
    }
}
