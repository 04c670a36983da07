package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.ClientConnectionDeniedException;
import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.spring.boot.autoconfigure.actuate.MqttEndpoint;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthIndicator;
import dev.mqttj.spring.core.MqttConnectionEvent;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.testing.MosquittoBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * A password given through {@code mqtt.password}, through the broker URL or through an {@link MqttConnectionDetails}
 * bean, right or wrong, against a Mosquitto with a password file: it appears in no line the library logs at any
 * level (packets included), no status, health detail, actuator {@code mqtt} output, event, {@code toString()},
 * exception message, cause or stack trace. Both passwords occur in none of the test's other strings.
 */
class MqttSecretsIntegrationTests {

    private static final String RIGHT = "Rq8-right-secret";
    private static final String WRONG = "Wz3-wrong-secret";
    private static final String USER = "svc";

    private static MosquittoBroker broker;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Logger coreLogger = Logger.getLogger("dev.mqttj");
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logLines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class,
                    MqttTemplateAutoConfiguration.class, MqttHealthContributorAutoConfiguration.class))
            .withBean(Events.class)
            .withPropertyValues("mqtt.reconnect.min-delay=100ms", "mqtt.reconnect.max-delay=200ms",
                    "mqtt.connect-timeout=2s");

    @BeforeAll
    static void startMosquitto() {
        broker = MosquittoBroker.builder().user(USER, RIGHT).allowAnonymous(false).start();
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void captureEveryLevel() {
        previousLevel = coreLogger.getLevel();
        coreLogger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        coreLogger.addHandler(capture);
    }

    @AfterEach
    void restoreLogging() {
        coreLogger.removeHandler(capture);
        coreLogger.setLevel(previousLevel);
    }

    static class Events implements ApplicationListener<MqttConnectionEvent> {
        final List<MqttConnectionEvent> received = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MqttConnectionEvent event) {
            received.add(event);
        }
    }

    private static String urlWith(String password) {
        return broker.url().replace("tcp://", "tcp://" + USER + ":" + password + "@");
    }

    @Test
    void passwordFromPropertiesRight() {
        runner.withPropertyValues("mqtt.broker-url=" + broker.url(), "mqtt.username=" + USER,
                "mqtt.password=" + RIGHT, "mqtt.client-id=secrets-props-ok").run(this::assertOnlineAndNothingLeaks);
    }

    @Test
    void passwordFromPropertiesWrong() {
        runner.withPropertyValues("mqtt.broker-url=" + broker.url(), "mqtt.username=" + USER,
                "mqtt.password=" + WRONG, "mqtt.client-id=secrets-props-bad").run(this::assertDeniedAndNothingLeaks);
    }

    @Test
    void passwordInTheUrlRight() {
        runner.withPropertyValues("mqtt.broker-url=" + urlWith(RIGHT), "mqtt.client-id=secrets-url-ok")
                .run(this::assertOnlineAndNothingLeaks);
    }

    @Test
    void passwordInTheUrlWrong() {
        runner.withPropertyValues("mqtt.broker-url=" + urlWith(WRONG), "mqtt.client-id=secrets-url-bad")
                .run(this::assertDeniedAndNothingLeaks);
    }

    @Test
    void passwordFromConnectionDetailsRight() {
        runner.withBean(MqttConnectionDetails.class, () -> details(RIGHT))
                .withPropertyValues("mqtt.client-id=secrets-details-ok").run(this::assertOnlineAndNothingLeaks);
    }

    @Test
    void passwordFromConnectionDetailsWrong() {
        runner.withBean(MqttConnectionDetails.class, () -> details(WRONG))
                .withPropertyValues("mqtt.client-id=secrets-details-bad").run(this::assertDeniedAndNothingLeaks);
    }

    private static MqttConnectionDetails details(String password) {
        return new MqttConnectionDetails() {
            @Override
            public List<String> getBrokerUrls() {
                return List.of(broker.url());
            }

            @Override
            public String getUsername() {
                return USER;
            }

            @Override
            public String getPassword() {
                return password;
            }
        };
    }

    private void assertOnlineAndNothingLeaks(ApplicationContext context) throws Exception {
        Service service = context.getBean(Service.class);
        await().atMost(Duration.ofSeconds(20)).until(service::isOnline);
        context.getBean(MqttTemplate.class).publish("secrets/topic", "payload").get(10, TimeUnit.SECONDS);
        assertNothingLeaks(context);
    }

    private void assertDeniedAndNothingLeaks(ApplicationContext context) throws Exception {
        Service service = context.getBean(Service.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> service.status().connectionAttempts() >= 2
                && service.status().lastError() instanceof ClientConnectionDeniedException);
        assertNothingLeaks(context);
    }

    private void assertNothingLeaks(ApplicationContext context) {
        Service service = context.getBean(Service.class);
        StringBuilder seen = new StringBuilder();
        logLines.forEach(line -> seen.append(line).append('\n'));
        seen.append(service.status()).append('\n');
        seen.append(service).append('\n');
        seen.append(context.getBean(Config.class)).append('\n');
        seen.append(context.getBean(MqttConnectionDetails.class)).append('\n');
        seen.append(context.getBean(MqttHealthIndicator.class).health().getDetails()).append('\n');
        seen.append(new MqttEndpoint(service, null).mqtt()).append('\n');
        for (MqttConnectionEvent event : context.getBean(Events.class).received) {
            seen.append(event).append('\n');
        }
        Throwable error = service.status().lastError();
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            seen.append(trace);
        }
        assertThat(logLines).as("core log lines at every level").isNotEmpty()
                .anyMatch(line -> line.contains("Sent: ") || line.contains("Received: "));
        assertThat(seen.toString()).doesNotContain(RIGHT).doesNotContain(WRONG);
    }
}
