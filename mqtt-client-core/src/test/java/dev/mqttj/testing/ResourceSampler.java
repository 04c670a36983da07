package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Samples what a leak makes grow in this JVM: the heap used right after a full collection, the live threads
 * and the open file descriptors; fits a least-squares line through the samples and renders them as a table
 * for soak tests' reports.
 *
 * <p>File descriptors are read from {@code /proc/self/fd}, which exists on Linux only; elsewhere
 * {@link #fileDescriptorsSupported()} is false, every sample holds -1 for them, and tests skip that part.
 */
public final class ResourceSampler {

    private static final Path PROC_FD = Path.of("/proc/self/fd");
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    /**
     * One sample.
     *
     * @param seconds seconds since the sampler was created
     * @param heapAfterGcBytes heap in use right after {@link System#gc()}
     * @param liveThreads the JVM's live threads
     * @param openFileDescriptors open file descriptors of this process, -1 where unknown (not Linux)
     * @param note what the test adds to the sample (e.g. messages received so far); may be empty
     */
    public record Sample(double seconds, long heapAfterGcBytes, int liveThreads, long openFileDescriptors,
                         String note) {

        /**
         * Returns the heap after collection in MB.
         *
         * @return {@link #heapAfterGcBytes()} in MB (2^20 bytes)
         */
        public double heapAfterGcMb() {
            return heapAfterGcBytes / BYTES_PER_MB;
        }
    }

    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();

    /** Creates a sampler whose clock starts now. */
    public ResourceSampler() {
    }

    /**
     * Tells whether open file descriptors can be counted here.
     *
     * @return true where {@code /proc/self/fd} exists (Linux)
     */
    public static boolean fileDescriptorsSupported() {
        return Files.isDirectory(PROC_FD);
    }

    /**
     * Counts this process's open file descriptors.
     *
     * @return the entries of {@code /proc/self/fd} (minus the one the listing itself opens), or -1 where it
     *     does not exist
     */
    public static long openFileDescriptors() {
        if (!fileDescriptorsSupported()) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(PROC_FD)) {
            // The directory stream holds a descriptor of its own while it lists.
            return entries.count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROC_FD, e);
        }
    }

    /**
     * Collects garbage and returns the heap in use afterwards.
     *
     * @return used heap bytes right after a full collection
     */
    public static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Returns the live threads of this JVM.
     *
     * @return the live thread count
     */
    public static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Converts a {@link System#nanoTime()} reading to the sampler's clock.
     *
     * @param nanoTime a reading of {@link System#nanoTime()}
     * @return seconds since the sampler was created
     */
    public double secondsAt(long nanoTime) {
        return (nanoTime - startNanos) / 1e9;
    }

    /**
     * Takes a sample now and keeps it.
     *
     * @param note what the test adds to the sample; may be empty
     * @return the sample
     */
    public synchronized Sample sample(String note) {
        long heap = heapAfterGc();
        Sample sample = new Sample(secondsAt(System.nanoTime()), heap, liveThreads(),
                openFileDescriptors(), note);
        samples.add(sample);
        return sample;
    }

    /**
     * Returns the samples taken so far.
     *
     * @return the samples in the order taken
     */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * Returns the samples taken at or after a point in time, e.g. after a warm-up.
     *
     * @param warmUp the time since the sampler was created from which samples count
     * @return those samples, in order
     */
    public synchronized List<Sample> samplesAfter(Duration warmUp) {
        double from = warmUp.toMillis() / 1000.0;
        return samples.stream().filter(sample -> sample.seconds() >= from).toList();
    }

    /**
     * Fits a least-squares line through a metric of the samples over time.
     *
     * @param samples at least two samples at different times
     * @param metric the value of a sample, e.g. {@code Sample::heapAfterGcMb}
     * @return the slope in the metric's unit per minute
     * @throws IllegalArgumentException with fewer than two samples or all at the same time
     */
    public static double slopePerMinute(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("a slope needs two samples at least, got " + samples.size());
        }
        double meanX = 0;
        double meanY = 0;
        for (Sample sample : samples) {
            meanX += sample.seconds() / 60.0;
            meanY += metric.applyAsDouble(sample);
        }
        meanX /= samples.size();
        meanY /= samples.size();
        double covariance = 0;
        double variance = 0;
        for (Sample sample : samples) {
            double dx = sample.seconds() / 60.0 - meanX;
            covariance += dx * (metric.applyAsDouble(sample) - meanY);
            variance += dx * dx;
        }
        if (variance == 0) {
            throw new IllegalArgumentException("the samples were all taken at the same time");
        }
        return covariance / variance;
    }

    /**
     * Returns the largest minus the smallest value of a metric.
     *
     * @param samples one sample at least
     * @param metric the value of a sample
     * @return max − min
     */
    public static double spread(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Sample sample : samples) {
            double value = metric.applyAsDouble(sample);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return max - min;
    }

    /**
     * Renders samples as a fixed-width table, one line each.
     *
     * @param samples the samples
     * @return a header line and one line per sample
     */
    public static String table(List<Sample> samples) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%8s %14s %8s %6s  %s%n",
                "t[s]", "heapAfterGC[MB]", "threads", "fds", "note"));
        for (Sample sample : samples) {
            table.append(String.format(Locale.ROOT, "%8.1f %14.1f %8d %6d  %s%n", sample.seconds(),
                    sample.heapAfterGcMb(), sample.liveThreads(), sample.openFileDescriptors(), sample.note()));
        }
        return table.toString();
    }

    /**
     * Prints a report to standard output and writes it to a file, replacing it.
     *
     * @param file where to write, e.g. {@code target/soak-report.txt}; parent directories are created
     * @param report the text
     */
    public static void publish(Path file, String report) {
        System.out.println(report);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
