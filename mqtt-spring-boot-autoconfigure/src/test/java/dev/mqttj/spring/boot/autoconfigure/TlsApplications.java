package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.spring.annotation.MqttListener;
import dev.mqttj.spring.boot.autoconfigure.health.MqttHealthIndicator;
import dev.mqttj.spring.core.MqttTemplate;
import dev.mqttj.spring.listener.MqttListenerEndpointRegistry;
import dev.mqttj.testing.TestCertificates;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Applications of the TLS tests: started against a Mosquitto TLS listener with a PEM SSL bundle named
 * {@code mqtt}, with a listener on {@code tls/#} to check that the template's messages come back.
 */
final class TlsApplications {

    static final Duration WAIT = Duration.ofSeconds(30);

    private TlsApplications() {
    }

    /** Starts an application that connects in the background (no fail-fast), so a refusal cannot stop it. */
    static ConfigurableApplicationContext start(String brokerUrl, String... properties) {
        return application(brokerUrl, properties).run();
    }

    /** The application {@link #start} runs, for tests that add listeners before running it. */
    static SpringApplicationBuilder application(String brokerUrl, String... properties) {
        return new SpringApplicationBuilder(MqttTestApplication.class, EchoListener.class)
                .web(WebApplicationType.NONE)
                .properties("mqtt.broker-url=" + brokerUrl, "mqtt.ssl.bundle=mqtt", "mqtt.connect-timeout=3s",
                        "mqtt.reconnect.min-delay=100ms", "mqtt.reconnect.max-delay=500ms")
                .properties(properties);
    }

    /** The bundle properties that trust the CA of {@code certificates}. */
    static String trusting(TestCertificates certificates) {
        return "spring.ssl.bundle.pem.mqtt.truststore.certificate=file:" + certificates.caCertificatePem();
    }

    /** The bundle properties that present the client certificate and key of {@code certificates}. */
    static String[] presentingClientCertificateOf(TestCertificates certificates) {
        return new String[] {"spring.ssl.bundle.pem.mqtt.keystore.certificate=file:" + certificates.clientCertificatePem(),
            "spring.ssl.bundle.pem.mqtt.keystore.private-key=file:" + certificates.clientKeyPem()};
    }

    /** Waits until the application is online and shows UP, then sends a message through the broker and back. */
    static void assertOnlineWithRoundTrip(ConfigurableApplicationContext context) throws Exception {
        await().atMost(WAIT).until(context.getBean(Service.class)::isOnline);
        assertThat(context.getBean(MqttHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        context.getBean(MqttListenerEndpointRegistry.class).subscriptions().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String payload = "hello " + UUID.randomUUID();
        context.getBean(MqttTemplate.class).publishAndWait("tls/echo", payload, 1, false, WAIT);
        BlockingQueue<String> received = context.getBean(EchoListener.class).received;
        String echoed;
        do {
            echoed = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(echoed).as("message sent through the broker").isNotNull();
        } while (!echoed.equals(payload));
    }

    /**
     * Waits until the service reports an error whose text contains {@code expected}, then checks that the
     * application is still running, offline and DOWN with that error in the health details.
     *
     * @return the error as health shows it
     */
    static String assertRefused(ConfigurableApplicationContext context, String expected) {
        Service service = context.getBean(Service.class);
        await().atMost(WAIT).until(() -> service.status().lastError() != null
                && service.status().lastError().toString().contains(expected));
        assertThat(context.isActive()).isTrue();
        assertThat(service.isStarted()).isTrue();
        assertThat(service.isOnline()).isFalse();
        Health health = context.getBean(MqttHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        Map<String, Object> details = health.getDetails();
        assertThat(String.valueOf(details.get("lastError"))).contains(expected);
        return String.valueOf(details.get("lastError"));
    }

    /** Records what arrives on {@code tls/#}. */
    @Configuration(proxyBeanMethods = false)
    static class EchoListener {

        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @MqttListener(topics = "tls/#", qos = "1")
        void onMessage(String payload) {
            received.add(payload);
        }
    }
}
