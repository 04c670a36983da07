package dev.mqttj.benchmarks.spring;

import dev.mqttj.benchmarks.spring.ListenerStream.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an {@code @MqttListener} costs per message beside a raw {@code Service} message callback that does the
 * same work by hand, on the same stream: see {@link ListenerStream}. Per round both receive the same messages
 * at the same time; the CPU time of each client's threads (reader, writer, service) over the round gives its
 * CPU per message, and their ratio is taken per round before the median over the rounds is reported.
 *
 * <ul>
 *   <li>{@code TEMPERATURE}: {@code @MqttListener("sensors/{id}/temperature")} with
 *       {@code (@TopicVariable String id, String payload)} beside a callback that cuts the id out of the topic
 *       and decodes the payload as UTF-8;</li>
 *   <li>{@code READING}: {@code @MqttListener("readings/+")} with a {@link Reading} payload beside a callback
 *       that parses the payload with the application's Jackson {@code JsonMapper}.</li>
 * </ul>
 *
 * <p>Usage: {@code java -Xms512m -Xmx512m -cp "mqtt-benchmarks/target/classes:$(cat
 * mqtt-benchmarks/target/spring-classpath.txt)" dev.mqttj.benchmarks.spring.ListenerDispatchRatio [rounds]
 * [messages per round] [qos] [kind...]}; defaults: 20 rounds of 200,000 messages at QoS 0, both kinds.
 */
public final class ListenerDispatchRatio {

    private static final int SENSORS = 100;
    static final int WARM_UP_ROUNDS = 5;

    private ListenerDispatchRatio() {
    }

    /**
     * Runs the comparison and prints one block per kind.
     *
     * @param args optional rounds, messages per round, QoS and kinds
     * @throws Exception if the stream could not be set up or stalled
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int qos = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        List<Kind> kinds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            kinds.add(Kind.valueOf(args[i]));
        }
        if (kinds.isEmpty()) {
            kinds = List.of(Kind.values());
        }
        System.out.printf(Locale.ROOT, "%d rounds of %,d messages at QoS %d, %d topics, JDK %s, %d CPUs, load %s%n",
                rounds, messages, qos, SENSORS, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                LoadAverage.read());
        try (ListenerStream stream = ListenerStream.start(SENSORS)) {
            for (Kind kind : kinds) {
                Result result = measure(stream, kind, rounds, messages, qos);
                result.print(System.out);
            }
        }
        System.out.printf(Locale.ROOT, "load %s%n", LoadAverage.read());
    }

    static Result measure(ListenerStream stream, Kind kind, int rounds, int messages, int qos) throws Exception {
        ClientThreads raw = new ClientThreads(ListenerStream.rawClient(kind));
        ClientThreads spring = new ClientThreads(ListenerStream.SPRING_CLIENT);
        for (int r = 0; r < WARM_UP_ROUNDS; r++) {
            stream.publish(kind, messages, qos);
        }
        double[] rawNanos = new double[rounds];
        double[] springNanos = new double[rounds];
        double[] rawBytes = new double[rounds];
        double[] springBytes = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ClientThreads.Snapshot rawBefore = raw.snapshot();
            ClientThreads.Snapshot springBefore = spring.snapshot();
            stream.publish(kind, messages, qos);
            long[] rawUsed = raw.snapshot().since(rawBefore);
            long[] springUsed = spring.snapshot().since(springBefore);
            rawNanos[r] = (double) rawUsed[0] / messages;
            springNanos[r] = (double) springUsed[0] / messages;
            rawBytes[r] = (double) rawUsed[1] / messages;
            springBytes[r] = (double) springUsed[1] / messages;
        }
        return new Result(kind, qos, rawNanos, springNanos, rawBytes, springBytes);
    }

    /** Per round CPU nanoseconds and allocated bytes per message of each side. */
    record Result(Kind kind, int qos, double[] rawNanos, double[] springNanos, double[] rawBytes,
            double[] springBytes) {

        double medianRatio() {
            return Rounds.median(Rounds.ratios(rawNanos, springNanos));
        }

        void print(java.io.PrintStream out) {
            double[] ratios = Rounds.ratios(rawNanos, springNanos);
            out.printf(Locale.ROOT, "%-11s QoS %d raw callback  %7.0f ns/msg (middle half %.0f..%.0f), %5.0f B/msg%n",
                    kind, qos, Rounds.median(rawNanos), Rounds.lowerQuartile(rawNanos),
                    Rounds.upperQuartile(rawNanos), Rounds.median(rawBytes));
            out.printf(Locale.ROOT, "%-11s QoS %d @MqttListener %7.0f ns/msg (middle half %.0f..%.0f), %5.0f B/msg%n",
                    kind, qos, Rounds.median(springNanos), Rounds.lowerQuartile(springNanos),
                    Rounds.upperQuartile(springNanos), Rounds.median(springBytes));
            out.printf(Locale.ROOT, "%-11s QoS %d listener / raw %.3fx (median of rounds; middle half %.3fx..%.3fx,"
                    + " min %.3fx, max %.3fx)%n", kind, qos, Rounds.median(ratios), Rounds.lowerQuartile(ratios),
                    Rounds.upperQuartile(ratios), Rounds.min(ratios), Rounds.max(ratios));
        }
    }
}
