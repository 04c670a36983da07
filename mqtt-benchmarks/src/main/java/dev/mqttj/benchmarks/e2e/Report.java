package dev.mqttj.benchmarks.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the samples of every round and renders the markdown table with medians and targets. Each
 * broker gets its own rows, and ratios and verdicts compare clients against the same broker only.
 */
final class Report {

    /** What our rows must reach, relative to the better peer or the raw socket. */
    enum Target {
        NONE(""),
        AT_LEAST_1_3_BEST_PEER(">= 1.3x better peer"),
        AT_LEAST_95_PERCENT_RAW(">= 95% of raw socket"),
        AT_MOST_BEST_PEER("<= better peer"),
        AT_MOST_HALF_BEST_PEER("<= 1/2 better peer"),
        AT_MOST_2("<= 2 per client");

        final String text;

        Target(String text) {
            this.text = text;
        }
    }

    /** One figure of one scenario: a table row per client. */
    record Metric(Scenario scenario, String key, String label, String unit, boolean higherIsBetter,
                  Target target) {
    }

    static final List<Metric> METRICS = List.of(
            new Metric(Scenario.QOS0, "rate", "publish throughput, 64 B", "msg/s", true,
                    Target.AT_LEAST_95_PERCENT_RAW),
            new Metric(Scenario.QOS0, "cpu", "client CPU per message", "us/msg", false,
                    Target.AT_MOST_HALF_BEST_PEER),
            new Metric(Scenario.QOS1, "rate", "publish throughput, 1,000 in flight", "msg/s", true,
                    Target.AT_LEAST_1_3_BEST_PEER),
            new Metric(Scenario.QOS1, "cpu", "client CPU per message", "us/msg", false,
                    Target.AT_MOST_HALF_BEST_PEER),
            new Metric(Scenario.QOS2, "rate", "publish throughput, 1,000 in flight", "msg/s", true,
                    Target.AT_LEAST_1_3_BEST_PEER),
            new Metric(Scenario.QOS2, "cpu", "client CPU per message", "us/msg", false,
                    Target.AT_MOST_HALF_BEST_PEER),
            new Metric(Scenario.E2E, "rate", "publisher to subscriber throughput", "msg/s", true,
                    Target.AT_LEAST_1_3_BEST_PEER),
            new Metric(Scenario.E2E, "cpu", "client CPU per message (both clients)", "us/msg", false,
                    Target.AT_MOST_HALF_BEST_PEER),
            new Metric(Scenario.LATENCY, "p50", "round trip p50 at 2,000 msg/s", "us", false, Target.NONE),
            new Metric(Scenario.LATENCY, "p99", "round trip p99 at 2,000 msg/s", "us", false,
                    Target.AT_MOST_BEST_PEER),
            new Metric(Scenario.LATENCY, "p999", "round trip p99.9 at 2,000 msg/s", "us", false, Target.NONE),
            new Metric(Scenario.IDLE, "heapKiB", "retained heap per idle client", "KiB", false,
                    Target.AT_MOST_HALF_BEST_PEER),
            new Metric(Scenario.IDLE, "threads", "threads per idle client", "threads", false, Target.AT_MOST_2));

    private final List<ClientKind> clients;
    private final List<Scenario> scenarios;
    private final List<BrokerKind> brokers;
    private final Map<String, List<Double>> samples = new HashMap<>();
    private final Map<String, String> errors = new HashMap<>();
    private double busiestSink = Double.NaN;

    Report(List<ClientKind> clients, List<Scenario> scenarios, List<BrokerKind> brokers) {
        this.clients = clients;
        this.scenarios = scenarios;
        this.brokers = brokers;
    }

    void add(BrokerKind broker, Scenario scenario, ClientKind client, Map<String, Double> figures) {
        figures.forEach((key, value) -> samples
                .computeIfAbsent(key(broker, scenario, client) + "/" + key, k -> new ArrayList<>()).add(value));
    }

    void failed(BrokerKind broker, Scenario scenario, ClientKind client, String error) {
        errors.putIfAbsent(key(broker, scenario, client), error);
    }

    /** Notes how busy the sink broker was during a measured run, as a fraction of one core. */
    void sinkLoad(double fractionOfOneCore) {
        if (Double.isNaN(busiestSink) || fractionOfOneCore > busiestSink) {
            busiestSink = fractionOfOneCore;
        }
    }

    /** The highest {@link #sinkLoad} noted, or NaN if none was. */
    double busiestSink() {
        return busiestSink;
    }

    private static String key(BrokerKind broker, Scenario scenario, ClientKind client) {
        return broker.id() + "/" + scenario.id() + "/" + client.id();
    }

    /**
     * The markdown table: per scenario and broker, one row per metric and client that ran it.
     */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | metric | client | median | min | max | ours / better peer | target |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (Scenario scenario : Scenario.values()) {
            if (!scenarios.contains(scenario)) {
                continue;
            }
            for (BrokerKind broker : brokers) {
                if (!broker.runs(scenario)) {
                    continue;
                }
                for (Metric metric : METRICS) {
                    if (metric.scenario() == scenario) {
                        rows(out, broker, metric);
                    }
                }
            }
        }
        return out.toString();
    }

    private void rows(StringBuilder out, BrokerKind broker, Metric metric) {
        Double bestPeer = bestPeer(broker, metric);
        Double raw = median(broker, metric, ClientKind.RAW);
        for (ClientKind client : clients) {
            if (!client.runs(metric.scenario())) {
                continue;
            }
            List<Double> values = values(broker, metric, client);
            out.append("| ").append(broker.label(metric.scenario())).append(" | ").append(metric.label())
                    .append(" (").append(metric.unit()).append(") | ").append(client.id()).append(" | ");
            if (values.isEmpty()) {
                String error = errors.getOrDefault(key(broker, metric.scenario(), client), "no samples");
                out.append("error | | | | ").append(error.replace('|', '/')).append(" |\n");
                continue;
            }
            double median = median(values);
            out.append(format(median)).append(" | ").append(format(values.get(0))).append(" | ")
                    .append(format(values.get(values.size() - 1))).append(" | ");
            if (client.ours() && bestPeer != null && bestPeer > 0) {
                out.append(String.format(Locale.ROOT, "%.2fx", median / bestPeer));
            }
            out.append(" | ");
            if (client.ours()) {
                out.append(verdict(metric, median, bestPeer, raw));
            }
            out.append(" |\n");
        }
    }

    private String verdict(Metric metric, double ours, Double bestPeer, Double raw) {
        boolean met;
        switch (metric.target()) {
            case NONE:
                return "";
            case AT_LEAST_1_3_BEST_PEER:
                if (bestPeer == null) {
                    return "no peer figure";
                }
                met = ours >= 1.3 * bestPeer;
                break;
            case AT_LEAST_95_PERCENT_RAW:
                if (raw == null) {
                    return "no raw figure";
                }
                met = ours >= 0.95 * raw;
                return (met ? "met" : "missed") + String.format(Locale.ROOT, " (%.0f%% of raw; target %s)",
                        100 * ours / raw, metric.target().text);
            case AT_MOST_BEST_PEER:
                if (bestPeer == null) {
                    return "no peer figure";
                }
                met = ours <= bestPeer;
                break;
            case AT_MOST_HALF_BEST_PEER:
                if (bestPeer == null) {
                    return "no peer figure";
                }
                met = ours <= 0.5 * bestPeer;
                break;
            case AT_MOST_2:
                met = ours <= 2;
                break;
            default:
                throw new IllegalStateException("unknown target " + metric.target());
        }
        return (met ? "met" : "missed") + " (" + metric.target().text + ")";
    }

    private Double bestPeer(BrokerKind broker, Metric metric) {
        Double best = null;
        for (ClientKind client : clients) {
            Double median = client.peer() ? median(broker, metric, client) : null;
            if (median != null && (best == null || (metric.higherIsBetter() ? median > best : median < best))) {
                best = median;
            }
        }
        return best;
    }

    /** The median of one figure, or null if it has no samples. */
    Double median(BrokerKind broker, Scenario scenario, String key, ClientKind client) {
        List<Double> values = new ArrayList<>(samples.getOrDefault(key(broker, scenario, client) + "/" + key,
                List.of()));
        Collections.sort(values);
        return values.isEmpty() ? null : median(values);
    }

    private Double median(BrokerKind broker, Metric metric, ClientKind client) {
        List<Double> values = values(broker, metric, client);
        return values.isEmpty() ? null : median(values);
    }

    private List<Double> values(BrokerKind broker, Metric metric, ClientKind client) {
        List<Double> values = new ArrayList<>(samples.getOrDefault(
                key(broker, metric.scenario(), client) + "/" + metric.key(), List.of()));
        Collections.sort(values);
        return values;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
