package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Calls;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Reading;
import dev.mqttj.spring.boot.autoconfigure.ListenerTestSupport.Recording;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.MqttListenerErrorHandler;
import dev.mqttj.spring.listener.MqttListenerExecutionFailedException;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;

/** What happens when a listener fails or its payload cannot be converted, against the embedded broker. */
@ExtendWith(OutputCaptureExtension.class)
class MqttListenerErrorTests extends EmbeddedBrokerApplicationTests {

    private final ApplicationContextRunner runner = ListenerTestSupport.runner(broker.url(), "errors");

    static class ReadingListener extends Recording {

        @MqttListener(topics = "err/reading", id = "reading", errorHandler = "recordingErrorHandler")
        void reading(Reading reading) {
            calls.add("reading", reading.sensor());
        }
    }

    @Test
    void aPayloadThatCannotBeConvertedGoesToTheErrorHandlerNamingListenerTopicAndType() {
        runner.withBean(ReadingListener.class)
                .withBean("recordingErrorHandler", MqttListenerErrorHandler.class,
                        () -> failure -> recordFailure(failure))
                .run(context -> {
                    MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
                    template.publish("err/reading", "not json");
                    template.publish("err/reading", new Reading("s2", 3));
                    Calls calls = context.getBean(Calls.class);
                    calls.await("reading", 1);
                    assertThat(calls.of("reading")).containsExactly("s2");
                    assertThat(FAILURES).anySatisfy(failure -> assertThat(failure).startsWith("reading|err/reading|"
                            + MessageConversionException.class.getSimpleName() + "|MQTT listener 'reading' could not"
                            + " convert the payload of a message on topic 'err/reading'")
                            .contains(Reading.class.getName()));
                });
    }

    private static final List<String> FAILURES = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static void recordFailure(MqttListenerExecutionFailedException failure) {
        FAILURES.add(failure.listenerId() + "|" + failure.topic() + "|" + failure.getCause().getClass().getSimpleName()
                + "|" + failure.getMessage());
    }

    record Checked(@NotBlank String sensor) {
    }

    static class ValidatingListener extends Recording {

        @MqttListener(topics = "err/valid", id = "valid", errorHandler = "recordingErrorHandler")
        void valid(@Payload @Valid Checked checked) {
            calls.add("valid", checked.sensor());
        }
    }

    @Test
    void anInvalidPayloadGoesToTheErrorHandlerWhenAValidatorIsPresent() {
        runner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withBean(ValidatingListener.class)
                .withBean("recordingErrorHandler", MqttListenerErrorHandler.class,
                        () -> failure -> recordFailure(failure))
                .run(context -> {
                    MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
                    template.publish("err/valid", new Checked(" "));
                    template.publish("err/valid", new Checked("s3"));
                    context.getBean(Calls.class).await("valid", 1);
                    assertThat(FAILURES).anySatisfy(failure -> assertThat(failure).startsWith("valid|err/valid|"
                            + MethodArgumentNotValidException.class.getSimpleName() + "|MQTT listener 'valid' could not"
                            + " bind a message on topic 'err/valid'"));
                });
    }

    static class RedeliveringListener extends Recording {

        @MqttListener(topics = "err/qos0", id = "qos0", qos = "0", errorHandler = "redeliverAll")
        void qos0(String value) {
            calls.add("qos0", value);
            if (value.equals("bad")) {
                throw new IllegalStateException("cannot handle " + value);
            }
        }
    }

    @Test
    void aRefusedQos0MessageKeepsTheConnectionOpen() {
        runner.withBean(RedeliveringListener.class)
                .withBean("redeliverAll", MqttListenerErrorHandler.class, MqttListenerErrorHandler::redeliver)
                .run(context -> {
                    MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
                    template.publish("err/qos0", "bad", 0, false);
                    template.publish("err/qos0", "good", 0, false);
                    context.getBean(Calls.class).await("qos0", 2);
                    assertThat(context.getBean(Service.class).status().connectionAttempts()).isEqualTo(1);
                });
    }

    static class ThrowingListener extends Recording {

        @MqttListener(topics = "err/throws", id = "throwing")
        void throwing(String value) {
            calls.add("throwing", value);
            if (value.equals("bad")) {
                throw new IllegalStateException("cannot handle " + value);
            }
        }
    }

    @Test
    void theDefaultErrorHandlerLogsListenerAndTopicThenAcknowledges(CapturedOutput output) {
        runner.withBean(ThrowingListener.class).run(context -> {
            MqttTemplate template = ListenerTestSupport.templateOnceSubscribed(context);
            template.publish("err/throws", "bad", 1, false);
            template.publish("err/throws", "good", 1, false);
            Calls calls = context.getBean(Calls.class);
            calls.await("throwing", 2);
            Awaitility.await().atMost(ListenerTestSupport.TIMEOUT)
                    .until(() -> output.getOut().contains("MQTT listener 'throwing' failed on a message on topic"
                            + " 'err/throws'"));
            // Acknowledged, not refused: no reconnect brings "bad" back before "good".
            assertThat(calls.of("throwing")).containsExactly("bad", "good");
        });
    }
}
