package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthIndicator;
import dev.mqttj.spring.boot.autoconfigure.metrics.MqttMetricsAutoConfiguration;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.observation.MqttListenerObservationContext;
import dev.mqttj.spring.listener.observation.MqttListenerObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The listener timer and the listeners in the health details, on the embedded broker. */
class MqttListenerObservabilityTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url())
            .withConfiguration(AutoConfigurations.of(MqttHealthContributorAutoConfiguration.class,
                    MqttMetricsAutoConfiguration.class))
            .withPropertyValues("mqtt.client-id=observed-" + System.nanoTime())
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Listeners.class);

    static class Listeners extends Recording {

        @MqttListener(topics = "obs/+", id = "observed")
        void observed(String value) {
            calls.add("observed", value);
            if (value.equals("bad")) {
                throw new IllegalArgumentException("bad value");
            }
        }

        @MqttListener(topics = "obs/idle", id = "idle", autoStartup = "false")
        void idle(String value) {
        }
    }

    @Test
    void timesEachInvocationByListenerAndOutcome() {
        runner.run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publish("obs/a", "good");
            template.publish("obs/a", "bad");
            template.publish("obs/a", "good");
            context.getBean(Calls.class).await("observed", 3);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(() -> meters.get("mqtt.listener")
                    .tag("listener", "observed").tag("outcome", "failure").timer().count() == 1);
            assertThat(meters.get("mqtt.listener").tag("listener", "observed").tag("outcome", "success").timer()
                    .count()).isEqualTo(2);
        });
    }

    @Test
    void theHealthDetailsListTheListenersWithStateAndCounts() {
        runner.run(context -> {
            ListenerTestSupport.awaitSubscribed(context);
            context.getBean(MqttTemplate.class).publish("obs/b", "good");
            context.getBean(Calls.class).await("observed", 1);
            MqttHealthIndicator indicator = context.getBean(MqttHealthIndicator.class);
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(() -> listeners(indicator).get("observed")
                    .get("succeeded").equals(1L));
            Map<String, Map<String, Object>> listeners = listeners(indicator);
            assertThat(List.of(listeners.get("observed").get("state"), listeners.get("observed").get("filters"),
                    listeners.get("idle").get("state"))).containsExactly("running", List.of("obs/+"), "stopped");
        });
    }

    /** Collects the listener observations that stopped, as "name listener topic error". */
    static final class StoppedObservations implements ObservationHandler<MqttListenerObservationContext> {

        final List<String> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(MqttListenerObservationContext context) {
            stopped.add(context.getName() + " " + context.getListenerId() + " " + context.getTopic() + " "
                    + (context.getError() == null ? "-" : context.getError().getMessage()));
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof MqttListenerObservationContext;
        }
    }

    private static ObservationRegistry observationRegistry(StoppedObservations handler) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(handler);
        return registry;
    }

    @Test
    void observesEachInvocationWhenEnabled() {
        StoppedObservations handler = new StoppedObservations();
        runner.withPropertyValues("mqtt.listener.observation-enabled=true")
                .withBean(ObservationRegistry.class, () -> observationRegistry(handler)).run(context -> {
                    MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
                    template.publish("obs/c", "good");
                    template.publish("obs/c", "bad");
                    context.getBean(Calls.class).await("observed", 2);
                    Awaitility.await().atMost(ListenerTestSupport.TIMEOUT).until(() -> handler.stopped.size() >= 2);
                    assertThat(handler.stopped).containsExactly("mqtt.listener.process observed obs/c -",
                            "mqtt.listener.process observed obs/c bad value");
                });
    }

    @Test
    void doesNotObserveByDefault() {
        runner.withBean(ObservationRegistry.class, () -> observationRegistry(new StoppedObservations()))
                .run(context -> assertThat(context).doesNotHaveBean(MqttListenerObservations.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> listeners(MqttHealthIndicator indicator) {
        return (Map<String, Map<String, Object>>) indicator.health().getDetails().get("listeners");
    }
}
