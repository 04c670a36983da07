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

    @Test
    void eachDelayIsDrawnFromTheWholeUpperHalfOfItsStepAndTheStepIsCappedExactly() {
        // An odd maximum: doubling 20 gives 40, which is below 41; the next step is capped to 41, not 80.
        long[] steps = {5, 10, 20, 40, 41, 41};
        for (int attempt = 0; attempt < steps.length; attempt++) {
            java.util.Set<Long> seen = new java.util.TreeSet<>();
            for (int sample = 0; sample < 1_000; sample++) {
                Backoff backoff = new Backoff(Duration.ofNanos(5), Duration.ofNanos(41));
                for (int i = 0; i < attempt; i++) {
                    backoff.nextDelayNanos();
                }
                seen.add(backoff.nextDelayNanos());
            }
            java.util.Set<Long> expected = new java.util.TreeSet<>();
            for (long delay = steps[attempt] / 2; delay <= steps[attempt]; delay++) {
                expected.add(delay);
            }
            assertThat(seen).as("delays of attempt %d", attempt).isEqualTo(expected);
        }
    }

    @Test
    void stepsNearTheLargestDurationDoNotOverflow() {
        long min = 1L << 61;
        Backoff backoff = new Backoff(Duration.ofNanos(min), Duration.ofNanos(Long.MAX_VALUE));
        long[] steps = {min, min << 1, Long.MAX_VALUE, Long.MAX_VALUE};
        for (long step : steps) {
            assertThat(backoff.nextDelayNanos()).isBetween(step / 2, step);
        }
    }

    @Test
    void nonPositiveDurationsStillGiveAPositiveDelayAndMaxNeverFallsBelowMin() {
        Backoff zero = new Backoff(Duration.ZERO, Duration.ZERO);
        assertThat(zero.nextDelayNanos()).isBetween(0L, 1L);
        Backoff inverted = new Backoff(Duration.ofNanos(10), Duration.ofNanos(2));
        for (int i = 0; i < 5; i++) {
            assertThat(inverted.nextDelayNanos()).isBetween(5L, 10L);
        }
    }
}
