package dev.mqttj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BrokerRequirementsTest {

    @Test
    void missingBinaryFailsOnCi() {
        assertThatThrownBy(() -> BrokerRequirements.requireMosquitto(Optional.empty(), true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("mosquitto")
                .hasMessageContaining("CI=true");
    }

    @Test
    void missingBinarySkipsLocally() {
        assertThatThrownBy(() -> BrokerRequirements.requireMosquitto(Optional.empty(), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("mosquitto");
    }

    @Test
    void presentBinaryIsReturnedWhateverCiSays() {
        Path binary = Path.of("/opt/mosquitto");
        assertThat(BrokerRequirements.requireMosquitto(Optional.of(binary), true)).isEqualTo(binary);
        assertThat(BrokerRequirements.requireMosquitto(Optional.of(binary), false)).isEqualTo(binary);
    }

    @Test
    void foundBinaryIsAnExecutableNamedMosquitto() {
        BrokerRequirements.findMosquitto().ifPresent(path -> {
            assertThat(path.getFileName().toString()).isEqualTo("mosquitto");
            assertThat(Files.isExecutable(path)).isTrue();
        });
        assertThat(BrokerRequirements.findMosquitto().isPresent() || !BrokerRequirements.isCi())
                .as("CI must have mosquitto installed").isTrue();
    }
}
