package dev.mqttj.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkDocumentTest {

    @TempDir
    Path dir;

    @Test
    void rewritingKeepsTheCodecSectionsAndDropsTheOldRunsOwnText() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n\nold table\n\n## Notes on this run\n\nold notes\n\n"
                + "## Codec\n\ncodec figures\n\n### Encode\n\nencode figures\n");

        String written = BenchmarkDocument.withKeptSections("# Benchmarks\n\nnew table\n", file);

        assertThat(written).isEqualTo("# Benchmarks\n\nnew table\n\n## Codec\n\ncodec figures\n\n"
                + "### Encode\n\nencode figures\n");
    }

    @Test
    void aFileWithoutCodecSectionsOrNoFileAtAllGivesTheReportAsItIs() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        assertThat(BenchmarkDocument.withKeptSections("report\n", file)).isEqualTo("report\n");

        Files.writeString(file, "# Benchmarks\n\nold table\n");
        assertThat(BenchmarkDocument.withKeptSections("report\n", file)).isEqualTo("report\n");
    }
}
