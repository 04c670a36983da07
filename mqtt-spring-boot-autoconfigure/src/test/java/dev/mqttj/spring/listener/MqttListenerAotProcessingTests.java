package dev.mqttj.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The hints an AOT-processed application context carries for a bean with {@link MqttListener} methods, as a
 * native-image build would compute them ({@code spring-boot:process-aot}); no native compiler runs here.
 */
class MqttListenerAotProcessingTests {

    record Reading(String sensor, double celsius) {
    }

    static class TemperatureListener {

        @MqttListener("sensors/{id}/temperature")
        void onReading(@TopicVariable String id, Reading reading) {
        }
    }

    private static RuntimeHints processAheadOfTime() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(TemperatureListener.class);
            TestGenerationContext generation = new TestGenerationContext();
            new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
            return generation.getRuntimeHints();
        }
    }

    @Test
    void theListenerMethodCanBeInvokedReflectively() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TemperatureListener.class, "onReading"))
                .accepts(processAheadOfTime());
    }

    @Test
    void thePayloadRecordCanBeBoundFromJson() {
        assertThat(RuntimeHintsPredicates.reflection().onType(Reading.class)).accepts(processAheadOfTime());
    }
}
