package dev.mqttj.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.messaging.handler.annotation.SendTo;

/** The hints Spring's AOT processing derives from {@link MqttListener} methods, for native images. */
class MqttListenerRuntimeHintsTests {

    record Reading(String sensor, double celsius) {
    }

    record Alarm(String text) {
    }

    record Batch(String id) {
    }

    static class Listeners {

        @MqttListener("sensors/{id}/temperature")
        @SendTo("alarms")
        Alarm onReading(@TopicVariable String id, Reading reading) {
            return null;
        }

        @MqttListener("batches")
        void onBatch(List<Batch> batches) {
        }

        @MqttListener("a")
        @MqttListener("b")
        void onEither(String value) {
        }
    }

    private final RuntimeHints hints = registered();

    private static RuntimeHints registered() {
        RuntimeHints hints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Listeners.class);
        return hints;
    }

    @Test
    void listenerMethodsCanBeInvoked() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onReading"))
                .accepts(hints);
    }

    @Test
    void methodsWithRepeatedListenersCanBeInvoked() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "onEither"))
                .accepts(hints);
    }

    @Test
    void payloadTypesCanBeBound() {
        assertThat(RuntimeHintsPredicates.reflection().onType(Reading.class)).accepts(hints);
    }

    @Test
    void returnTypesCanBeBound() {
        assertThat(RuntimeHintsPredicates.reflection().onType(Alarm.class)).accepts(hints);
    }

    @Test
    void elementTypesOfCollectionPayloadsCanBeBound() {
        assertThat(RuntimeHintsPredicates.reflection().onType(Batch.class)).accepts(hints);
    }
}
