package dev.mqttj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqttj.client.Config;
import dev.mqttj.client.Service;
import dev.mqttj.session.FileSession;
import dev.mqttj.session.MemorySession;
import dev.mqttj.session.Session;
import dev.mqttj.testing.FreePorts;
import dev.mqttj.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class MqttAutoConfigurationTests {

    /** Nothing listens there: the service retries in the background and the tests never reach a broker. */
    private final String deadUrl = "tcp://127.0.0.1:" + FreePorts.pick();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("mqtt.broker-url=" + deadUrl);

    @Test
    void createsServiceByDefault() {
        runner.run(context -> assertThat(context).hasSingleBean(Service.class));
    }

    @Test
    void createsConfigFromProperties() {
        runner.run(context -> assertThat(context.getBean(Config.class).brokerUrl()).isEqualTo(deadUrl));
    }

    @Test
    void createsConnectionDetailsFromProperties() {
        runner.run(context -> assertThat(context.getBean(MqttConnectionDetails.class))
                .isInstanceOf(PropertiesMqttConnectionDetails.class));
    }

    @Test
    void usesMemorySessionByDefault() {
        runner.run(context -> assertThat(context.getBean(Session.class)).isInstanceOf(MemorySession.class));
    }

    @Test
    void startsServiceWithContext() {
        runner.run(context -> assertThat(context.getBean(Service.class).isStarted()).isTrue());
    }

    @Test
    void startsWhileBrokerIsDownWithoutFailFast() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void stopsServiceWhenContextCloses() {
        Service[] service = new Service[1];
        runner.run(context -> service[0] = context.getBean(Service.class));
        assertThat(service[0].isStarted()).isFalse();
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("mqtt.enabled=false").run(context -> assertThat(context).doesNotHaveBean(Service.class));
    }

    @Test
    void userServiceWins() {
        runner.withUserConfiguration(UserService.class)
                .run(context -> assertThat(context.getBean(Service.class)).isSameAs(UserService.SERVICE));
    }

    @Test
    void userConfigWins() {
        runner.withUserConfiguration(UserConfig.class)
                .run(context -> assertThat(context.getBean(Config.class).clientId()).isEqualTo("user-config"));
    }

    @Test
    void userSessionWins() {
        runner.withUserConfiguration(UserSession.class)
                .run(context -> assertThat(context.getBean(Session.class)).isSameAs(UserSession.SESSION));
    }

    @Test
    void userConnectionDetailsWin() {
        runner.withUserConfiguration(UserConnectionDetails.class).run(context -> assertThat(
                context.getBean(Config.class).brokerUrl()).isEqualTo(UserConnectionDetails.URL));
    }

    @Test
    void userLifecycleWins() {
        runner.withUserConfiguration(UserLifecycle.class).run(context -> assertThat(
                context.getBeanNamesForType(MqttServiceLifecycle.class)).containsExactly("userLifecycle"));
    }

    @Test
    void configCustomizersRunInOrder() {
        runner.withUserConfiguration(ConfigCustomizers.class)
                .run(context -> assertThat(context.getBean(Config.class).clientId()).isEqualTo("first-then-second"));
    }

    @Test
    void serviceCustomizersAreApplied() {
        runner.withUserConfiguration(ServiceCustomizer.class)
                .run(context -> assertThat(context.getBean(ServiceCustomizer.class).seen)
                        .isSameAs(context.getBean(Service.class)));
    }

    @Test
    void generatesClientIdWhenCleanSession() {
        runner.run(context -> assertThat(context.getBean(Config.class).clientId()).matches("mqttj[0-9a-f]{16}"));
    }

    @Test
    void generatedClientIdsDifferBetweenApplications() {
        String[] ids = new String[2];
        runner.run(context -> ids[0] = context.getBean(Config.class).clientId());
        runner.run(context -> ids[1] = context.getBean(Config.class).clientId());
        assertThat(ids[0]).isNotEqualTo(ids[1]);
    }

    @Test
    void bindsConnectionProperties() {
        runner.withPropertyValues("mqtt.client-id=sensor-7", "mqtt.clean-session=false", "mqtt.keep-alive=PT45S",
                "mqtt.validate-subs=false", "mqtt.read-limit=64KB", "mqtt.max-write-delay=3ms", "mqtt.max-inflight=7",
                "mqtt.username=alice", "mqtt.password=secret").run(context -> {
                    Config config = context.getBean(Config.class);
                    assertThat(List.of(config.clientId(), config.cleanSession(), config.keepAlive(),
                            config.validateSubs(), config.readLimit(), config.maxWriteDelay(), config.maxInflight(),
                            config.username(), config.password()))
                            .containsExactly("sensor-7", false, Duration.ofSeconds(45), false, 64 * 1024,
                                    Duration.ofMillis(3), 7, "alice", "secret");
                });
    }

    @Test
    void bindsWillMessage() {
        runner.withPropertyValues("mqtt.will.topic=apps/a/status", "mqtt.will.payload=gone", "mqtt.will.qos=1",
                "mqtt.will.retain=true").run(context -> {
                    var will = context.getBean(Config.class).willMessage();
                    assertThat(List.of(will.topic(), will.payloadAsString(), will.qos(), will.retain()))
                            .containsExactly("apps/a/status", "gone", 1, true);
                });
    }

    @Test
    void bindsServiceAndTemplateProperties() {
        runner.withPropertyValues("mqtt.queue.size=7", "mqtt.queue.timeout=2s", "mqtt.reconnect.min-delay=20ms",
                "mqtt.reconnect.max-delay=3s", "mqtt.connect-timeout=4s", "mqtt.disconnect-timeout=6s",
                "mqtt.resubscribe-timeout=7s", "mqtt.fail-fast=false", "mqtt.failover-urls=tcp://127.0.0.1:2",
                "mqtt.ssl.bundle=", "mqtt.health.readiness=true", "mqtt.template.default-qos=2",
                "mqtt.template.default-retain=true", "mqtt.template.observation-enabled=true").run(context -> {
                    MqttProperties p = context.getBean(MqttProperties.class);
                    assertThat(List.of(p.getQueue().getSize(), p.getQueue().getTimeout(),
                            p.getReconnect().getMinDelay(), p.getReconnect().getMaxDelay(), p.getConnectTimeout(),
                            p.getDisconnectTimeout(), p.getResubscribeTimeout(), p.getFailoverUrls(),
                            p.getHealth().isReadiness(), p.getTemplate().getDefaultQos(),
                            p.getTemplate().isDefaultRetain(), p.getTemplate().isObservationEnabled()))
                            .containsExactly(7, Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofSeconds(3),
                                    Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(7),
                                    List.of("tcp://127.0.0.1:2"), true, 2, true, true);
                });
    }

    @Test
    void failoverUrlsFollowTheBrokerUrl() {
        runner.withPropertyValues("mqtt.failover-urls=tcp://127.0.0.1:2,tcp://127.0.0.1:3").run(context -> assertThat(
                context.getBean(MqttConnectionDetails.class).getBrokerUrls())
                .containsExactly(deadUrl, "tcp://127.0.0.1:2", "tcp://127.0.0.1:3"));
    }

    @Test
    void failoverUrlsReachTheConfig() {
        runner.withPropertyValues("mqtt.failover-urls=tcp://127.0.0.1:2").run(context -> assertThat(
                context.getBean(Config.class).brokerUrls()).containsExactly(deadUrl, "tcp://127.0.0.1:2"));
    }

    @Test
    void connectTimeoutReachesTheConfig() {
        runner.withPropertyValues("mqtt.connect-timeout=1500ms").run(context -> assertThat(
                context.getBean(Config.class).connectTimeout()).isEqualTo(Duration.ofMillis(1500)));
    }

    @Test
    void fileSessionStoreOpensTheDirectory(@TempDir Path directory) {
        runner.withPropertyValues("mqtt.session.store=file", "mqtt.session.directory=" + directory.resolve("s"))
                .run(context -> assertThat(context.getBean(Session.class)).isInstanceOf(FileSession.class));
    }

    @Test
    void sslBundleIsUsedForTheDialer() {
        runner.withPropertyValues("spring.ssl.bundle.pem.mqtt.truststore.certificate=file:"
                + TestCertificates.get().caCertificatePem(), "mqtt.ssl.bundle=mqtt")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void connectionDetailsHidePassword() {
        runner.withPropertyValues("mqtt.broker-url=tcp://bob:hunter2@127.0.0.1:1", "mqtt.username=u",
                "mqtt.password=p4ss").run(context -> assertThat(
                        context.getBean(MqttConnectionDetails.class).toString()).doesNotContain("hunter2", "p4ss"));
    }

    @Test
    void failFastFailsStartupWithinTheConnectTimeout() {
        long start = System.nanoTime();
        runner.withPropertyValues("mqtt.fail-fast=true", "mqtt.connect-timeout=300ms").run(context -> assertThat(
                context).getFailure().hasCauseInstanceOf(MqttBrokerUnavailableException.class));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failFastFailureIsExplainedWithWhatToCheck() {
        runner.withPropertyValues("mqtt.fail-fast=true", "mqtt.connect-timeout=300ms").run(context -> assertThat(
                new MqttBrokerUnavailableFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                .contains("mqtt.fail-fast=false"));
    }

    @Test
    void lifecycleStopsAfterTheWebServer() {
        runner.run(context -> assertThat(context.getBean(MqttServiceLifecycle.class).getPhase())
                .isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 1024));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserService {
        static final Service SERVICE = new Service();

        @Bean
        Service userService() {
            return SERVICE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserConfig {
        @Bean
        Config userConfig() {
            return Config.builder("tcp://127.0.0.1:1").clientId("user-config").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSession {
        static final Session SESSION = new MemorySession();

        @Bean
        Session userSession() {
            return SESSION;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserConnectionDetails {
        static final String URL = "tcp://127.0.0.1:9";

        @Bean
        MqttConnectionDetails userConnectionDetails() {
            return () -> List.of(URL);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserLifecycle {
        @Bean
        MqttServiceLifecycle userLifecycle(Service service, Config config) {
            return new MqttServiceLifecycle(service, config, false, Duration.ofSeconds(1));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConfigCustomizers {
        @Bean
        @Order(2)
        MqttConfigCustomizer second() {
            return builder -> builder.clientId(builder.build().clientId() + "-then-second");
        }

        @Bean
        @Order(1)
        MqttConfigCustomizer first() {
            return builder -> builder.clientId("first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceCustomizer implements MqttServiceCustomizer {
        volatile Service seen;

        @Override
        public void customize(Service service) {
            seen = service;
        }
    }
}
