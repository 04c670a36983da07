package dev.mqttj.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole harness in quick mode against a Mosquitto and a sink broker it starts, and checks
 * the report has a row with a figure for every scenario, broker and client. It asserts no timings:
 * the figures of a quick run on a busy build machine mean nothing.
 */
class HarnessSmokeTest {

    @Test
    void quickRunReportsEveryScenarioForEveryClientAndBroker() throws Exception {
        if (!Files.isExecutable(Mosquitto.DEFAULT_BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but " + Mosquitto.DEFAULT_BINARY + " is missing; install mosquitto");
            }
            assumeTrue(false, Mosquitto.DEFAULT_BINARY + " not installed");
        }

        String report = Harness.run(Harness.Options.parse("--quick", "--out", "-"));

        List<String> missing = new ArrayList<>();
        int rows = 0;
        for (BrokerKind broker : BrokerKind.values()) {
            for (Report.Metric metric : Report.METRICS) {
                for (ClientKind client : ClientKind.values()) {
                    if (!broker.runs(metric.scenario()) || !client.runs(metric.scenario())) {
                        continue;
                    }
                    String scenario = broker.label(metric.scenario());
                    String row = report.lines()
                            .filter(line -> line.startsWith("| " + scenario + " | " + metric.label())
                                    && line.contains("| " + client.id() + " |"))
                            .findFirst().orElse(null);
                    rows++;
                    if (row == null) {
                        missing.add(scenario + "/" + metric.key() + "/" + client.id() + ": no row");
                    } else if (!cell(row, 4).matches("[0-9][0-9,.]*")) {
                        missing.add(scenario + "/" + metric.key() + "/" + client.id() + ": " + row);
                    }
                }
            }
        }
        assertThat(missing).as("rows without a median in the report:%n%s", report).isEmpty();
        assertThat(report.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| scenario")))
                .hasSize(rows);
        assertThat(report).contains("| qos1 (sink broker) |").doesNotContain("| idle (sink broker) |")
                .contains("mosquitto version").contains("sink broker: ").contains("nproc");
    }

    /** The n-th cell of a markdown row, counting from 1. */
    private static String cell(String row, int n) {
        return row.split("\\|")[n].trim();
    }
}
