package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

import dev.mqttj.client.Service;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.TestCertificates;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * When the auto-configuration follows bundle updates, and what an update does to a service that is retrying:
 * it dials again at once with the new material instead of waiting out its backoff.
 */
class MqttSslBundleReloaderTests {

    /** Nothing listens there: every attempt fails and the service backs off for at least half a minute. */
    private final String deadUrl = "ssl://127.0.0.1:" + FreePorts.pick();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=" + deadUrl, "mqtt.reconnect.min-delay=1m",
                    "mqtt.reconnect.max-delay=2m", "mqtt.connect-timeout=1s");

    private final String trustingTheTestCa = "spring.ssl.bundle.pem.mqtt.truststore.certificate=file:"
            + TestCertificates.get().caCertificatePem();

    @Test
    void withoutABundleNothingIsWatched() {
        runner.run(context -> assertThat(context).doesNotHaveBean(MqttSslBundleReloader.class));
    }

    @Test
    void anEmptyBundleNameWatchesNothing() {
        runner.withPropertyValues("mqtt.ssl.bundle=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MqttSslBundleReloader.class).isActive()).isFalse();
        });
    }

    @Test
    void theNamedBundleIsWatched() {
        runner.withPropertyValues(trustingTheTestCa, "mqtt.ssl.bundle=mqtt")
                .run(context -> assertThat(context.getBean(MqttSslBundleReloader.class).isActive()).isTrue());
    }

    @Test
    void connectionDetailsOfTheApplicationAreNotTouched() {
        runner.withPropertyValues(trustingTheTestCa, "mqtt.ssl.bundle=mqtt")
                .withBean(MqttConnectionDetails.class, () -> () -> List.of(deadUrl))
                .run(context -> assertThat(context.getBean(MqttSslBundleReloader.class).isActive()).isFalse());
    }

    @Test
    void aDialerOfTheApplicationIsNotTouched() {
        runner.withPropertyValues(trustingTheTestCa, "mqtt.ssl.bundle=mqtt")
                .withBean(MqttConfigCustomizer.class, () -> builder -> builder.dialer(url -> {
                    throw new java.io.IOException("the application's own transport");
                }))
                .run(context -> assertThat(context.getBean(MqttSslBundleReloader.class).isActive()).isFalse());
    }

    @Test
    void anUpdatedBundleMakesARetryingServiceDialAtOnce() {
        runner.withPropertyValues(trustingTheTestCa, "mqtt.ssl.bundle=mqtt").run(context -> {
            Service service = context.getBean(Service.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> service.status().lastError() != null);
            long attempts = service.status().connectionAttempts();

            SslBundle bundle = context.getBean(SslBundles.class).getBundle("mqtt");
            context.getBean(SslBundleRegistry.class).updateBundle("mqtt", bundle);

            // Without the update, the next attempt would come after the backoff: at least 30 s.
            await().atMost(Duration.ofSeconds(10)).until(() -> service.status().connectionAttempts() > attempts);
        });
    }

    @Test
    void anUnusableUpdateKeepsThePreviousMaterialAndTheWatcherAlive() {
        runner.withPropertyValues(trustingTheTestCa, "mqtt.ssl.bundle=mqtt").run(context -> {
            Service service = context.getBean(Service.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> service.status().lastError() != null);
            long attempts = service.status().connectionAttempts();

            SslBundle usable = context.getBean(SslBundles.class).getBundle("mqtt");
            SslBundleRegistry registry = context.getBean(SslBundleRegistry.class);
            // An exception would reach Spring Boot's file watcher thread.
            assertThatNoException().isThrownBy(() -> registry.updateBundle("mqtt", new UnusableBundle()));
            assertThat(service.isStarted()).isTrue();

            registry.updateBundle("mqtt", usable);
            await().atMost(Duration.ofSeconds(10)).until(() -> service.status().connectionAttempts() > attempts);
        });
    }

    /** A bundle whose files were half written: no SSL context can be made from it. */
    private static final class UnusableBundle implements SslBundle {

        @Override
        public SslStoreBundle getStores() {
            return SslStoreBundle.NONE;
        }

        @Override
        public SslBundleKey getKey() {
            return SslBundleKey.NONE;
        }

        @Override
        public SslOptions getOptions() {
            return SslOptions.NONE;
        }

        @Override
        public String getProtocol() {
            return SslBundle.DEFAULT_PROTOCOL;
        }

        @Override
        public SslManagerBundle getManagers() {
            throw new IllegalStateException("private key does not match the certificate");
        }

        @Override
        public SSLContext createSslContext() {
            throw new IllegalStateException("private key does not match the certificate");
        }
    }
}
