package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every invalid value fails startup with a message naming the property and the accepted form.
 */
class MqttInvalidPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=tcp://127.0.0.1:" + FreePorts.pick());

    @TempDir
    static Path temp;

    static Stream<Arguments> invalidConfigurations() throws IOException {
        Path file = Files.createTempFile("mqttj-not-a-directory", ".txt");
        file.toFile().deleteOnExit();
        return Stream.of(
                invalid("mqtt.broker-url=http://127.0.0.1:1", "mqtt.broker-url", "unsupported scheme 'http'"),
                invalid("mqtt.broker-url=", "mqtt.broker-url", "tcp, mqtt, tls, ssl, mqtts, ws or wss"),
                invalid("mqtt.broker-url=tcp://127.0.0.1:70000", "mqtt.broker-url", "outside 1..65535"),
                invalid("mqtt.broker-url=127.0.0.1:1883", "mqtt.broker-url", "scheme://"),
                invalid("mqtt.failover-urls=ftp://127.0.0.1", "mqtt.failover-urls[0]", "unsupported scheme 'ftp'"),
                invalid("mqtt.will.qos=3", "mqtt.will.qos", "expected 0 to 2"),
                invalid("mqtt.will.qos=-1", "mqtt.will.qos", "expected 0 to 2"),
                invalid("mqtt.will.topic=status/#", "mqtt.will.topic", "without the wildcards"),
                invalid("mqtt.will.payload=bye", "mqtt.will.topic", "missing while mqtt.will.payload is set"),
                invalid("mqtt.keep-alive=-1s", "mqtt.keep-alive", "from 0s (off) to 65535s"),
                invalid("mqtt.keep-alive=70000s", "mqtt.keep-alive", "from 0s (off) to 65535s"),
                invalid("mqtt.keep-alive=soon", "mqtt.keep-alive", "java.time.Duration"),
                invalid("mqtt.reconnect.min-delay=-1s", "mqtt.reconnect.min-delay", "positive duration"),
                invalid("mqtt.reconnect.min-delay=0s", "mqtt.reconnect.min-delay", "positive duration"),
                invalid("mqtt.reconnect.max-delay=500ms", "mqtt.reconnect.max-delay", "at least as long as the minimum"),
                invalid("mqtt.connect-timeout=0s", "mqtt.connect-timeout", "positive duration"),
                invalid("mqtt.disconnect-timeout=-1s", "mqtt.disconnect-timeout", "0s or more"),
                invalid("mqtt.resubscribe-timeout=0ms", "mqtt.resubscribe-timeout", "positive duration"),
                invalid("mqtt.queue.size=0", "mqtt.queue.size", "at least 1"),
                invalid("mqtt.queue.timeout=-5s", "mqtt.queue.timeout", "0s or more"),
                invalid("mqtt.max-inflight=0", "mqtt.max-inflight", "expected 1 to 65535"),
                invalid("mqtt.max-inflight=65536", "mqtt.max-inflight", "expected 1 to 65535"),
                invalid("mqtt.read-limit=1B", "mqtt.read-limit", "from 2B to 268435455B"),
                invalid("mqtt.read-limit=512MB", "mqtt.read-limit", "from 2B to 268435455B"),
                invalid("mqtt.max-write-delay=-1ms", "mqtt.max-write-delay", "0s or more"),
                invalid("mqtt.clean-session=false", "mqtt.client-id", "required when mqtt.clean-session is false"),
                invalid("mqtt.session.store=file", "mqtt.session.directory", "required when mqtt.session.store is file"),
                invalid("mqtt.session.store=file,mqtt.session.directory=" + file.resolve("sub"),
                        "mqtt.session.directory", "expected a writable directory"),
                invalid("mqtt.session.store=disk", "mqtt.session.store", "Store"),
                invalid("mqtt.ssl.bundle=nope", "mqtt.ssl.bundle", "spring.ssl.bundle.pem"),
                invalid("mqtt.password=secret", "mqtt.password", "user name"),
                invalid("mqtt.template.default-qos=3", "mqtt.template.default-qos", "expected 0 to 2"));
    }

    private static Arguments invalid(String properties, String property, String acceptedForm) {
        return Arguments.of(properties, property, acceptedForm);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void startupFailsNamingThePropertyAndTheAcceptedForm(String properties, String property, String acceptedForm) {
        runner.withPropertyValues(properties.split(",")).run(context -> assertThat(
                startupReport(context.getStartupFailure())).contains(property).contains(acceptedForm));
    }

    @Test
    void allBadValuesAreReportedTogether() {
        runner.withPropertyValues("mqtt.will.qos=3", "mqtt.queue.size=0").run(context -> assertThat(
                startupReport(context.getStartupFailure())).contains("mqtt.will.qos", "mqtt.queue.size"));
    }

    @Test
    void passwordInABadUrlIsMasked() {
        runner.withPropertyValues("mqtt.broker-url=http://bob:hunter2@127.0.0.1:1").run(context -> assertThat(
                startupReport(context.getStartupFailure())).doesNotContain("hunter2"));
    }

    @Test
    void sessionDirectoryHeldByAnotherApplicationFailsStartup() throws IOException {
        Path directory = temp.resolve("locked");
        dev.mqttj.session.FileSession held = dev.mqttj.session.FileSession.open(directory);
        try {
            runner.withPropertyValues("mqtt.session.store=file", "mqtt.session.directory=" + directory)
                    .run(context -> assertThat(startupReport(context.getStartupFailure()))
                            .contains("mqtt.session.directory", "no other running application"));
        } finally {
            held.close();
        }
    }

    @Test
    void failureAnalyzersAreRegistered() {
        assertThat(org.springframework.core.io.support.SpringFactoriesLoader.forDefaultResourceLocation()
                .load(org.springframework.boot.diagnostics.FailureAnalyzer.class, (type, name, failure) -> { })
                .stream().map(Object::getClass).toList())
                .contains(MqttPropertiesFailureAnalyzer.class, MqttBrokerUnavailableFailureAnalyzer.class);
    }

    /** What Spring Boot prints: our analyzer's report for our exception, otherwise the exception chain. */
    static String startupReport(Throwable failure) {
        assertThat(failure).as("startup failure").isNotNull();
        FailureAnalysis analysis = new MqttPropertiesFailureAnalyzer().analyze(failure);
        if (analysis != null) {
            return analysis.getDescription() + "\n" + analysis.getAction();
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
