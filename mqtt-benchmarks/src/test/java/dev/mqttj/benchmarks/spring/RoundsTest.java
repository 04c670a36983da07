package dev.mqttj.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void medianAndMiddleHalfOfUnsortedRounds() {
        double[] rounds = {9, 1, 5, 3, 7, 2, 8, 4};

        assertThat(Rounds.median(rounds)).isEqualTo(4.5);
        assertThat(Rounds.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Rounds.lowerQuartile(rounds)).isEqualTo(3);
        assertThat(Rounds.upperQuartile(rounds)).isEqualTo(7);
        assertThat(Rounds.min(rounds)).isEqualTo(1);
        assertThat(Rounds.max(rounds)).isEqualTo(9);
        // The input is left as it was.
        assertThat(rounds).containsExactly(9, 1, 5, 3, 7, 2, 8, 4);
    }

    @Test
    void ratiosArePerRound() {
        assertThat(Rounds.ratios(new double[] {2, 4}, new double[] {3, 2})).containsExactly(1.5, 0.5);
        assertThatThrownBy(() -> Rounds.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
