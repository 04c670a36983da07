package dev.mqttj.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupRatioTest {

    @Test
    void withoutStarterDropsOnlyTheStartersJars() {
        List<String> classPath = List.of("/repo/mqtt-benchmarks/target/classes",
                "/repo/mqtt-spring-boot-starter/target/mqtt-spring-boot-starter-0.1.0-SNAPSHOT.jar",
                "/repo/mqtt-spring-boot-autoconfigure/target/classes",
                "/repo/mqtt-client-core/target/mqtt-client-core-0.1.0-SNAPSHOT.jar",
                "/m2/org/springframework/boot/spring-boot/4.0.7/spring-boot-4.0.7.jar");

        assertThat(StartupRatio.withoutStarter(classPath)).containsExactly("/repo/mqtt-benchmarks/target/classes",
                "/m2/org/springframework/boot/spring-boot/4.0.7/spring-boot-4.0.7.jar");
    }

    /** The warm variant leaves out exactly mqttj's auto-configurations. */
    @Test
    void warmStartsWithAndWithoutTheMqttAutoConfigurations() throws Exception {
        List<String> names = StartupRatio.mqttAutoConfigurations();
        assertThat(names).contains("dev.mqttj.spring.boot.autoconfigure.MqttAutoConfiguration",
                "dev.mqttj.spring.boot.autoconfigure.MqttListenerAutoConfiguration").allMatch(name -> name.startsWith("dev.mqttj."));
        int downPort = StartupRatio.closedPort();

        // startAndClose fails if the MQTT service is there when it should not be, or missing when it should.
        assertThat(StartupProbe.startAndClose(downPort, String.join(",", names), false)).isPositive();
        assertThat(StartupProbe.startAndClose(downPort, null, true)).isPositive();
    }

    /** One probe of each variant: the starter's auto-configuration is there exactly when its jars are. */
    @Test
    void probesStartWithAndWithoutTheMqttService() throws Exception {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> classPath = Arrays.asList(testClassPath.split(File.pathSeparator));
        int downPort = StartupRatio.closedPort();

        StartupRatio.Start with = StartupRatio.probe(classPath, downPort);
        StartupRatio.Start without = StartupRatio.probe(StartupRatio.withoutStarter(classPath), downPort);

        assertThat(with.mqtt()).isTrue();
        assertThat(without.mqtt()).isFalse();
        assertThat(with.beans()).isGreaterThan(without.beans());
        assertThat(with.runMillis()).isPositive().isLessThan(with.uptimeMillis());
        assertThat(without.runMillis()).isPositive().isLessThan(without.uptimeMillis());
        assertThat(with.cpuMillis()).isPositive();
        assertThat(without.cpuMillis()).isPositive();
    }
}
