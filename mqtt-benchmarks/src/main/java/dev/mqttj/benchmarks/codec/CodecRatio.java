package dev.mqttj.benchmarks.codec;

import dev.mqttj.packet.MalformedPacketException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decode speed of ours against Netty's as a ratio that a noisy machine cannot skew: the two run in the same
 * JVM in alternating slices of about 100 ms, each slice timed in the thread's CPU time, and the ratio is
 * taken per round (one slice of each) before the median over all rounds is reported.
 *
 * <p>Why beside JMH: {@link CodecBenchmark} runs all forks of one benchmark before the next, so on a shared
 * machine whose speed drifts over minutes, two benchmarks a few minutes apart see different machines; the
 * ratio of their scores then moves by a third between runs of the same code. Alternating slices see the
 * same machine, and CPU time leaves out the time the thread was not running at all. GC work runs on other
 * threads and is not counted; the allocation per operation is printed so it can be weighed.
 *
 * <p>Packets named together share one JVM and run in the order given, so the later ones run on decoder code
 * the JIT compiled while the earlier ones ran, as in a process that decodes every packet type; name one
 * packet per run for the isolation JMH's forks give. The heap should be fixed and pre-touched, as in
 * {@link CodecBenchmark}'s forks.
 *
 * <p>Usage: {@code java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp mqtt-benchmarks/target/benchmarks.jar
 * dev.mqttj.benchmarks.codec.CodecRatio [rounds] [packet...]}; defaults: 40 rounds, all packets of
 * {@link CodecBenchmark}.
 */
public final class CodecRatio {
    private static final long SLICE_NANOS = 100_000_000L;
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final int BATCH = 2_000;
    private static final String[] CANDIDATES = {"oursDecode", "oursDecodeChangingTopic", "nettyDecode",
        "nettyDecodeToBytes"};

    private final CodecBenchmark bench = new CodecBenchmark();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Where every decoded packet goes, so none of the decoding can be left out by the compiler. */
    private Object sink;

    private CodecRatio(String packet) {
        bench.packet = packet;
        bench.setUp();
    }

    /**
     * Runs the comparison and prints one line per candidate and packet.
     *
     * @param args optional number of rounds, then optional packet names
     * @throws MalformedPacketException never, unless our decoder rejects the benchmark's own packets
     */
    public static void main(String[] args) throws MalformedPacketException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        List<String> packets = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("PUBLISH_64", "PUBLISH_4096", "SUBSCRIBE", "CONNECT");
        System.out.printf(Locale.ROOT, "%d rounds of %d ms slices per candidate, JDK %s%n", rounds,
                SLICE_NANOS / 1_000_000, Runtime.version());
        for (String packet : packets) {
            CodecRatio ratio = new CodecRatio(packet);
            try {
                ratio.compare(packet, rounds);
            } finally {
                ratio.bench.tearDown();
            }
        }
    }

    private void compare(String packet, int rounds) throws MalformedPacketException {
        int n = CANDIDATES.length;
        for (int c = 0; c < n; c++) {
            slice(c, WARM_UP_NANOS, new long[3]);
        }
        double[][] nanosPerOp = new double[n][rounds];
        long[] bytes = new long[n];
        long[] ops = new long[n];
        long[] measured = new long[3];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                // The order rotates, so no candidate always runs right after the same other one.
                int c = (k + r) % n;
                slice(c, SLICE_NANOS, measured);
                nanosPerOp[c][r] = (double) measured[0] / measured[1];
                ops[c] += measured[1];
                bytes[c] += measured[2];
            }
        }
        for (int c = 0; c < n; c++) {
            System.out.printf(Locale.ROOT, "%-13s %-24s %8.1f ns/op (median of rounds), %6.0f B/op%n", packet,
                    CANDIDATES[c], median(nanosPerOp[c]), (double) bytes[c] / ops[c]);
        }
        int nettyReference = packet.startsWith("PUBLISH_4096") ? 3 : 2;
        for (int ours = 0; ours < 2; ours++) {
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = nanosPerOp[nettyReference][r] / nanosPerOp[ours][r];
            }
            double[] sorted = perRound.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-13s %-24s %.2fx %s (median of rounds; middle half %.2fx..%.2fx)%n",
                    packet, CANDIDATES[ours], median(perRound), CANDIDATES[nettyReference],
                    sorted[rounds / 4], sorted[rounds - 1 - rounds / 4]);
        }
    }

    /** Runs one candidate for about {@code nanos} of CPU time; leaves CPU nanos, operations and bytes. */
    private void slice(int candidate, long nanos, long[] result) throws MalformedPacketException {
        long threadId = Thread.currentThread().getId();
        long startBytes = threads.getThreadAllocatedBytes(threadId);
        long start = threads.getCurrentThreadCpuTime();
        long elapsed;
        long ops = 0;
        do {
            batch(candidate);
            ops += BATCH;
            elapsed = threads.getCurrentThreadCpuTime() - start;
        } while (elapsed < nanos);
        result[0] = elapsed;
        result[1] = ops;
        result[2] = threads.getThreadAllocatedBytes(threadId) - startBytes;
    }

    /** One loop per candidate, so each call site inside sees one receiver and is compiled as JMH's would be. */
    private void batch(int candidate) throws MalformedPacketException {
        switch (candidate) {
            case 0:
                for (int i = 0; i < BATCH; i++) {
                    sink = bench.oursDecode();
                }
                break;
            case 1:
                for (int i = 0; i < BATCH; i++) {
                    sink = bench.oursDecodeChangingTopic();
                }
                break;
            case 2:
                for (int i = 0; i < BATCH; i++) {
                    sink = bench.nettyDecode();
                }
                break;
            default:
                for (int i = 0; i < BATCH; i++) {
                    sink = bench.nettyDecodeToBytes();
                }
                break;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
