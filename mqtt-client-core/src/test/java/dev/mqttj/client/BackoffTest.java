package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsExponentiallyWithJitterUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        long[] expectedSteps = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long step : expectedSteps) {
            long delay = backoff.nextDelayNanos();
            long stepNanos = Duration.ofMillis(step).toNanos();
            assertThat(delay).isBetween(stepNanos / 2, stepNanos);
        }
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
        long first = a.nextDelayNanos();
        boolean differs = false;
        for (int i = 0; i < 50 && !differs; i++) {
            differs = a.nextDelayNanos() != first;
        }
        assertThat(differs).isTrue();
    }
}
