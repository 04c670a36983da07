package dev.mqttj.benchmarks.e2e;

import java.util.Arrays;

/** The clients the harness compares: ours, its peers and a raw socket as the ceiling. */
enum ClientKind {
    RAW("raw-socket", false, false, null),
    CLIENT("mqttj-Client", true, false, "dev.mqttj.benchmarks.e2e.OurClientAdapter"),
    SERVICE("mqttj-Service", true, false, "dev.mqttj.benchmarks.e2e.OurServiceAdapter"),
    PAHO("paho-1.2.5", false, true, "dev.mqttj.benchmarks.e2e.PahoAdapter"),
    HIVEMQ("hivemq-1.4.2", false, true, "dev.mqttj.benchmarks.e2e.HiveMqAdapter");

    private final String id;
    private final boolean ours;
    private final boolean peer;
    private final String adapterClass;

    ClientKind(String id, boolean ours, boolean peer, String adapterClass) {
        this.id = id;
        this.ours = ours;
        this.peer = peer;
        this.adapterClass = adapterClass;
    }

    String id() {
        return id;
    }

    boolean ours() {
        return ours;
    }

    boolean peer() {
        return peer;
    }

    String adapterClass() {
        return adapterClass;
    }

    /** The raw socket only publishes QoS 0; every real client runs every scenario. */
    boolean runs(Scenario scenario) {
        return this != RAW || scenario == Scenario.QOS0;
    }

    static ClientKind byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id) || k.name().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown client '" + id + "', expected one of "
                        + Arrays.toString(values())));
    }
}
