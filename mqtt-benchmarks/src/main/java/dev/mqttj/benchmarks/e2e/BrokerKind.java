package dev.mqttj.benchmarks.e2e;

import java.util.Arrays;
import java.util.List;

/**
 * The brokers the harness runs against: Mosquitto, and the sink broker for the scenarios where
 * Mosquitto rather than the client sets the pace.
 */
enum BrokerKind {
    MOSQUITTO("mosquitto", ""),
    SINK("sink", " (sink broker)");

    private final String id;
    private final String suffix;

    BrokerKind(String id, String suffix) {
        this.id = id;
        this.suffix = suffix;
    }

    String id() {
        return id;
    }

    /** The scenario cell of a report row, e.g. "qos1 (sink broker)". */
    String label(Scenario scenario) {
        return scenario.id() + suffix;
    }

    /** Idle clients measure only the client, so they run against Mosquitto alone. */
    boolean runs(Scenario scenario) {
        return this == MOSQUITTO || scenario != Scenario.IDLE;
    }

    /** Parses {@code mosquitto}, {@code sink} or {@code both}. */
    static List<BrokerKind> parse(String value) {
        if (value.equalsIgnoreCase("both")) {
            return List.of(values());
        }
        return List.of(Arrays.stream(values()).filter(b -> b.id.equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown broker '" + value
                        + "', expected mosquitto, sink or both")));
    }
}
