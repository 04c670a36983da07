package dev.mqttj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectScheduleTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    @Test
    void firstAttemptGoesAtOnceToTheFirstUrl() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a", "tcp://b"), MIN, MAX);

        assertThat(schedule.nextDelayNanos()).isZero();
        assertThat(schedule.url()).isEqualTo("tcp://a");
    }

    @Test
    void failedAttemptTriesTheNextUrlAtOnceAndBacksOffOnlyAfterAFullRound() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a", "tcp://b", "tcp://c"), MIN, MAX);
        schedule.nextDelayNanos();

        schedule.attemptFailed();
        assertThat(schedule.url()).isEqualTo("tcp://b");
        assertThat(schedule.nextDelayNanos()).isZero();
        schedule.attemptFailed();
        assertThat(schedule.url()).isEqualTo("tcp://c");
        assertThat(schedule.nextDelayNanos()).isZero();
        schedule.attemptFailed();

        assertThat(schedule.url()).isEqualTo("tcp://a");
        assertThat(schedule.nextDelayNanos()).isBetween(MIN.toNanos() / 2, MIN.toNanos());
    }

    @Test
    void singleUrlBacksOffAfterEveryFailure() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a"), MIN, MAX);
        schedule.nextDelayNanos();

        schedule.attemptFailed();

        assertThat(schedule.url()).isEqualTo("tcp://a");
        assertThat(schedule.nextDelayNanos()).isPositive();
    }

    @Test
    void lostConnectionStaysOnTheUrlThatWorkedAndBacksOff() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a", "tcp://b"), MIN, MAX);
        schedule.nextDelayNanos();
        schedule.attemptFailed();
        schedule.nextDelayNanos();
        schedule.connected(0);

        schedule.connectionLost(1);

        assertThat(schedule.url()).isEqualTo("tcp://b");
        assertThat(schedule.nextDelayNanos()).isBetween(MIN.toNanos() / 2, MIN.toNanos());
    }

    @Test
    void delaysGrowUpToTheMaximumWhileConnectionsDropAtOnce() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a"), MIN, MAX);
        schedule.nextDelayNanos();
        long last = 0;
        for (int i = 0; i < 10; i++) {
            schedule.connected(1_000L * i);
            schedule.connectionLost(1_000L * i + 1);
            last = schedule.nextDelayNanos();
            assertThat(last).isLessThanOrEqualTo(MAX.toNanos());
        }

        assertThat(last).isGreaterThanOrEqualTo(MAX.toNanos() / 2);
    }

    /** A single-URL schedule whose attempts failed long enough for the delays to reach the maximum. */
    private static ReconnectSchedule backedOffToTheMaximum() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a"), MIN, MAX);
        schedule.nextDelayNanos();
        for (int i = 0; i < 10; i++) {
            schedule.attemptFailed();
            schedule.nextDelayNanos();
        }
        return schedule;
    }

    @Test
    void connectionThatStayedUpForTheMaximumDelayStartsTheDelaysOver() {
        ReconnectSchedule schedule = backedOffToTheMaximum();

        schedule.connected(0);
        schedule.connectionLost(MAX.toNanos());

        assertThat(schedule.nextDelayNanos()).isBetween(MIN.toNanos() / 2, MIN.toNanos());
    }

    @Test
    void connectionShorterThanTheMaximumDelayKeepsTheBackoffGrowing() {
        ReconnectSchedule schedule = backedOffToTheMaximum();

        schedule.connected(0);
        schedule.connectionLost(MAX.toNanos() - 1);

        assertThat(schedule.nextDelayNanos()).isGreaterThanOrEqualTo(MAX.toNanos() / 2);
    }

    @Test
    void requestedRenewalGoesAtOnceAndTheBackoffAfterItIsUnchanged() {
        ReconnectSchedule schedule = new ReconnectSchedule(List.of("tcp://a"), MIN, MAX);
        schedule.nextDelayNanos();
        schedule.connected(0);
        schedule.connectionLost(1);

        schedule.connectNextWithoutDelay();

        assertThat(schedule.nextDelayNanos()).isZero();
        assertThat(schedule.nextDelayNanos()).isBetween(MIN.toNanos() / 2, MIN.toNanos());
    }

    @Test
    void needsAtLeastOneUrl() {
        assertThatThrownBy(() -> new ReconnectSchedule(List.of(), MIN, MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker URL");
    }
}
