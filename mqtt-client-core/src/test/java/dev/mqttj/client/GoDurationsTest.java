package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

    @Test
    void parsesGoUnitsAndCompounds() {
        assertThat(GoDurations.parse("f", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(GoDurations.parse("f", "1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDurations.parse("f", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDurations.parse("f", "1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDurations.parse("f", "2h45m")).isEqualTo(Duration.ofMinutes(165));
        assertThat(GoDurations.parse("f", "10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(GoDurations.parse("f", "10µs")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(GoDurations.parse("f", "7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(GoDurations.parse("f", "0")).isEqualTo(Duration.ZERO);
        assertThat(GoDurations.parse("f", "-1s")).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void acceptsIso8601() {
        assertThat(GoDurations.parse("f", "PT30S")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsGarbageNamingTheField() {
        for (String bad : new String[] {"", "30", "s", "30x", "1..5s", "abc", "-"}) {
            assertThatThrownBy(() -> GoDurations.parse("keepAlive", bad))
                    .as("input '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keepAlive");
        }
    }

    @Test
    void fractionsBelowANanosecondTruncateAndOverflowsFailNamingTheField() {
        assertThat(GoDurations.parse("f", "1.5ns")).isEqualTo(Duration.ofNanos(1));
        assertThat(GoDurations.parse("f", "-1.5ns")).isEqualTo(Duration.ofNanos(-1));
        assertThat(GoDurations.parse("f", "9223372036854775807ns")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(GoDurations.parse("f", "9223372036854775806.5ns")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - 1));
        assertThatThrownBy(() -> GoDurations.parse("keepAlive", "9223372036854775808ns"))
                .hasMessage("keepAlive '9223372036854775808ns' is too large");
        assertThatThrownBy(() -> GoDurations.parse("keepAlive", "9223372036854775807.5ns"))
                .hasMessage("keepAlive '9223372036854775807.5ns' is too large");
    }
}
