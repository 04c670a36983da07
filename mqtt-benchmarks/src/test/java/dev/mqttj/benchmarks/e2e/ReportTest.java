package dev.mqttj.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void medianRatioAndVerdictUseTheBetterPeer() {
        Report report = new Report(List.of(ClientKind.CLIENT, ClientKind.PAHO, ClientKind.HIVEMQ),
                List.of(Scenario.QOS1), List.of(BrokerKind.MOSQUITTO));
        for (double rate : new double[] {100, 300, 200}) {
            report.add(BrokerKind.MOSQUITTO, Scenario.QOS1, ClientKind.CLIENT, Map.of("rate", rate, "cpu", 1.0));
        }
        report.add(BrokerKind.MOSQUITTO, Scenario.QOS1, ClientKind.PAHO, Map.of("rate", 100.0, "cpu", 4.0));
        report.add(BrokerKind.MOSQUITTO, Scenario.QOS1, ClientKind.HIVEMQ, Map.of("rate", 150.0, "cpu", 2.0));

        String table = report.table();

        assertThat(table).contains("| qos1 | publish throughput, 1,000 in flight (msg/s) | mqttj-Client"
                + " | 200.0 | 100.0 | 300.0 | 1.33x | met (>= 1.3x better peer) |");
        assertThat(table).contains("| qos1 | client CPU per message (us/msg) | mqttj-Client | 1.000 | 1.000 | 1.000"
                + " | 0.50x | met (<= 1/2 better peer) |");
    }

    @Test
    void failedRunShowsTheErrorInsteadOfAFigure() {
        Report report = new Report(List.of(ClientKind.SERVICE), List.of(Scenario.IDLE), List.of(BrokerKind.MOSQUITTO));
        report.failed(BrokerKind.MOSQUITTO, Scenario.IDLE, ClientKind.SERVICE, "worker ended | unexpectedly");

        assertThat(report.table()).contains("| mqttj-Service | error | | | | worker ended / unexpectedly |");
    }

    @Test
    void sinkRowsAreLabelledAndComparedWithPeersAgainstTheSinkOnly() {
        Report report = new Report(List.of(ClientKind.RAW, ClientKind.CLIENT, ClientKind.PAHO),
                List.of(Scenario.QOS0, Scenario.IDLE), List.of(BrokerKind.MOSQUITTO, BrokerKind.SINK));
        report.add(BrokerKind.MOSQUITTO, Scenario.QOS0, ClientKind.RAW, Map.of("rate", 100.0, "cpu", 1.0));
        report.add(BrokerKind.MOSQUITTO, Scenario.QOS0, ClientKind.CLIENT, Map.of("rate", 100.0, "cpu", 1.0));
        report.add(BrokerKind.MOSQUITTO, Scenario.QOS0, ClientKind.PAHO, Map.of("rate", 100.0, "cpu", 1.0));
        report.add(BrokerKind.SINK, Scenario.QOS0, ClientKind.RAW, Map.of("rate", 1000.0, "cpu", 1.0));
        report.add(BrokerKind.SINK, Scenario.QOS0, ClientKind.CLIENT, Map.of("rate", 500.0, "cpu", 1.0));
        report.add(BrokerKind.SINK, Scenario.QOS0, ClientKind.PAHO, Map.of("rate", 200.0, "cpu", 1.0));

        String table = report.table();

        assertThat(table).contains("| qos0 | publish throughput, 64 B (msg/s) | mqttj-Client | 100.0 | 100.0 | 100.0"
                + " | 1.00x | met (100% of raw; target >= 95% of raw socket) |");
        assertThat(table).contains("| qos0 (sink broker) | publish throughput, 64 B (msg/s) | mqttj-Client | 500.0"
                + " | 500.0 | 500.0 | 2.50x | missed (50% of raw; target >= 95% of raw socket) |");
        assertThat(table).contains("| qos0 (sink broker) | publish throughput, 64 B (msg/s) | raw-socket | 1,000 |");
        assertThat(table).contains("| idle | retained heap per idle client");
        assertThat(table).doesNotContain("idle (sink broker)");
        assertThat(table.indexOf("| qos0 (sink broker) |")).isGreaterThan(table.lastIndexOf("| qos0 |"));
    }

    @Test
    void brokerOptionChoosesTheVariantsAndDropsOnesWithoutScenarios() {
        assertThat(Harness.Options.parse().brokers()).containsExactly(BrokerKind.MOSQUITTO, BrokerKind.SINK);
        assertThat(Harness.Options.parse("--broker", "sink").brokers()).containsExactly(BrokerKind.SINK);
        assertThat(Harness.Options.parse("--broker", "both", "--scenarios", "idle,qos1").brokers())
                .containsExactly(BrokerKind.MOSQUITTO, BrokerKind.SINK);
        assertThat(Harness.Options.parse("--scenarios", "idle").brokers()).containsExactly(BrokerKind.MOSQUITTO);
        assertThatThrownBy(() -> Harness.Options.parse("--broker", "sink", "--scenarios", "idle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle");
        assertThatThrownBy(() -> Harness.Options.parse("--broker", "hivemq"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hivemq");
    }

    @Test
    void sinkRunsAreSizedFromTheBestRateWithinTheCountAndItsLimit() {
        int count = Scenario.QOS1.count(false);
        assertThat(Harness.measuredCount(BrokerKind.MOSQUITTO, Scenario.QOS1, false, 5e6)).isEqualTo(count);
        assertThat(Harness.measuredCount(BrokerKind.SINK, Scenario.QOS1, true, 5e6))
                .isEqualTo(Scenario.QOS1.count(true));
        assertThat(Harness.measuredCount(BrokerKind.SINK, Scenario.QOS1, false, null)).isEqualTo(count);
        assertThat(Harness.measuredCount(BrokerKind.SINK, Scenario.QOS1, false, count / 10.0)).isEqualTo(count);
        assertThat(Harness.measuredCount(BrokerKind.SINK, Scenario.QOS1, false, 1.5e6))
                .isEqualTo((int) (1.5e6 * Harness.SINK_RUN_SECONDS));
        assertThat(Harness.measuredCount(BrokerKind.SINK, Scenario.QOS1, false, 1e12))
                .isEqualTo(count * Harness.SINK_COUNT_LIMIT);
    }

    @Test
    void optionsRejectUnknownNamesAndDefaultToTheReportFileOnlyForFullRuns() {
        assertThat(Harness.Options.parse().out()).hasToString("BENCHMARKS.md");
        assertThat(Harness.Options.parse("--quick").out()).isNull();
        assertThat(Harness.Options.parse("--clients", "paho-1.2.5,CLIENT").clients())
                .containsExactly(ClientKind.CLIENT, ClientKind.PAHO);
        assertThatThrownBy(() -> Harness.Options.parse("--scenarios", "qos3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qos3");
        assertThatThrownBy(() -> Harness.Options.parse("--rounds", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds");
    }
}
