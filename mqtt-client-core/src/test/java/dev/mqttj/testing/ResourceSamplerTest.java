package dev.mqttj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mqttj.testing.ResourceSampler.Sample;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSamplerTest {

    private static Sample at(double seconds, double heapMb, int threads) {
        return new Sample(seconds, (long) (heapMb * 1024 * 1024), threads, 10, "");
    }

    @Test
    void fitsTheSlopeOfALineInUnitsPerMinute() {
        // 2 MB more every 10 s is 12 MB per minute, whatever the intercept.
        List<Sample> samples = List.of(at(10, 50, 5), at(20, 52, 5), at(30, 54, 5), at(40, 56, 5));
        assertThat(ResourceSampler.slopePerMinute(samples, Sample::heapAfterGcMb)).isCloseTo(12.0, within(1e-9));
        assertThat(ResourceSampler.slopePerMinute(samples, Sample::liveThreads)).isZero();
    }

    @Test
    void theSlopeOfNoiseAroundALevelIsSmall() {
        List<Sample> samples = List.of(at(0, 50, 9), at(10, 51, 11), at(20, 50, 9), at(30, 51, 11),
                at(40, 50, 9), at(50, 51, 11));
        assertThat(ResourceSampler.slopePerMinute(samples, Sample::heapAfterGcMb)).isBetween(0.0, 0.7);
        assertThat(ResourceSampler.spread(samples, Sample::liveThreads)).isEqualTo(2.0);
    }

    @Test
    void aSlopeNeedsTwoSamplesAtDifferentTimes() {
        assertThatThrownBy(() -> ResourceSampler.slopePerMinute(List.of(at(1, 1, 1)), Sample::liveThreads))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceSampler.slopePerMinute(List.of(at(1, 1, 1), at(1, 2, 1)),
                Sample::liveThreads)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsAFileOpenedMeanwhileOnLinux(@TempDir Path directory) throws Exception {
        // CI runs on Linux, where the soak tests rely on this count: there it must not be skipped.
        if (BrokerRequirements.isCi()) {
            assertThat(ResourceSampler.fileDescriptorsSupported()).as("/proc/self/fd on CI").isTrue();
        }
        Assumptions.assumeTrue(ResourceSampler.fileDescriptorsSupported(), "no /proc/self/fd: not Linux");
        Path file = Files.writeString(directory.resolve("open"), "x");
        long before = ResourceSampler.openFileDescriptors();
        try (InputStream open = Files.newInputStream(file)) {
            assertThat(ResourceSampler.openFileDescriptors()).isEqualTo(before + 1);
            assertThat(open.read()).isEqualTo('x');
        }
    }

    @Test
    void samplesAfterAWarmUpAndRendersATable() {
        ResourceSampler sampler = new ResourceSampler();
        Sample sample = sampler.sample("first");
        assertThat(sample.heapAfterGcBytes()).isPositive();
        assertThat(sample.liveThreads()).isPositive();
        assertThat(sampler.samplesAfter(java.time.Duration.ZERO)).containsExactly(sample);
        assertThat(sampler.samplesAfter(java.time.Duration.ofHours(1))).isEmpty();
        assertThat(ResourceSampler.table(sampler.samples())).contains("heapAfterGC[MB]").contains("first");
    }
}
