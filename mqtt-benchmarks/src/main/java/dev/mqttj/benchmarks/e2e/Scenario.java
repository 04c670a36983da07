package dev.mqttj.benchmarks.e2e;

import java.util.Arrays;

/** The measured scenarios, with their full and quick message counts. */
enum Scenario {
    QOS0("qos0", 200_000, 2_000),
    QOS1("qos1", 100_000, 1_000),
    QOS2("qos2", 50_000, 500),
    E2E("e2e-qos1", 50_000, 500),
    LATENCY("latency", 10_000, 200),
    IDLE("idle", 200, 10);

    private final String id;
    private final int fullCount;
    private final int quickCount;

    Scenario(String id, int fullCount, int quickCount) {
        this.id = id;
        this.fullCount = fullCount;
        this.quickCount = quickCount;
    }

    String id() {
        return id;
    }

    int count(boolean quick) {
        return quick ? quickCount : fullCount;
    }

    static Scenario byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id) || s.name().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "', expected one of "
                        + Arrays.toString(values())));
    }
}
