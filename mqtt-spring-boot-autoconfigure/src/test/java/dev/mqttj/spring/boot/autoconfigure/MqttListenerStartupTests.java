package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.annotation.TopicVariable;
import dev.mqttj.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Invalid listener declarations stop the application with a message that names the method. */
class MqttListenerStartupTests {

    // Nothing listens there: the service connects in the background and never gets far.
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, MqttTemplateAutoConfiguration.class,
                    MqttListenerAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick(), "mqtt.client-id=startup");

    static class InvalidFilter {
        @MqttListener("a/#/b")
        void on(String value) {
        }
    }

    @Test
    void anInvalidFilterFailsTheStartup() {
        runner.withBean(InvalidFilter.class).run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining(InvalidFilter.class.getName() + ".on: 'a/#/b': topic filter has '#' at index 2"));
    }

    static class UnboundVariable {
        @MqttListener("sensors/{id}/temperature")
        void on(String value) {
        }
    }

    @Test
    void aVariableNoParameterBindsFailsTheStartup() {
        runner.withBean(UnboundVariable.class).run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining(UnboundVariable.class.getName() + ".on: topic 'sensors/{id}/temperature'"
                        + " declares '{id}' but no parameter is annotated @TopicVariable(\"id\")"));
    }

    static class MissingVariable {
        @MqttListener({ "a/{id}", "b/+" })
        void on(@TopicVariable String id, String value) {
        }
    }

    @Test
    void aTopicVariableParameterWithoutItsLevelFailsTheStartup() {
        runner.withBean(MissingVariable.class).run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining(MissingVariable.class.getName() + ".on: @TopicVariable 'id' has no '{id}'"
                        + " level in topic 'b/+'"));
    }

    static class PartialLevel {
        @MqttListener("a/x{id}")
        void on(@TopicVariable String id) {
        }
    }

    @Test
    void aVariableThatIsNotAWholeLevelFailsTheStartup() {
        runner.withBean(PartialLevel.class).run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining(PartialLevel.class.getName() + ".on: topic 'a/x{id}': level 'x{id}' must be"
                        + " a whole level"));
    }

    static class UnknownErrorHandler {
        @MqttListener(topics = "a", errorHandler = "nope")
        void on(String value) {
        }
    }

    @Test
    void anUnknownErrorHandlerFailsTheStartup() {
        runner.withBean(UnknownErrorHandler.class).run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining(UnknownErrorHandler.class.getName()
                        + ".on: there is no error handler bean named 'nope'"));
    }

    static class DuplicateIds {
        @MqttListener(topics = "a", id = "same")
        void one(String value) {
        }

        @MqttListener(topics = "b", id = "same")
        void two(String value) {
        }
    }

    @Test
    void twoListenersWithOneIdFailTheStartup() {
        runner.withBean(DuplicateIds.class).run(context -> assertThat(context.getStartupFailure())
                .hasStackTraceContaining("another listener already has the id 'same'"));
    }

    static class BadQos {
        @MqttListener(topics = "a", qos = "${listener.qos}")
        void on(String value) {
        }
    }

    @Test
    void aPlaceholderQosOutOfRangeFailsTheStartup() {
        runner.withBean(BadQos.class).withPropertyValues("listener.qos=3").run(context -> assertThat(
                context.getStartupFailure()).hasStackTraceContaining(BadQos.class.getName() + ".on: qos 3 is not 0, 1"
                        + " or 2"));
    }
}
