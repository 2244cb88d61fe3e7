package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadRunTest {

    @Test
    void runWhenThreeSecondsWithTwoThreadsThenEveryOutcomeNoErrorsAndAMemorySeries(@TempDir Path out) throws Exception {
        LoadMain.Options options = LoadMain.Options.parse(List.of("--load", "--duration", "3s", "--warmup", "1s",
                "--threads", "2", "--tokens", "200", "--principals", "100", "--pool", "1024"), out);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        LoadMain.Result result = LoadMain.run(options, Path.of("..").toAbsolutePath(), "test",
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(result.phases()).hasSize(1);
        LoadReport.Phase phase = result.phases().get(0);
        assertThat(phase.threads()).isEqualTo(2);
        assertThat(phase.errorSamples()).isEmpty();
        assertThat(phase.errors()).isZero();
        assertThat(phase.mismatches()).isZero();
        assertThat(phase.outcomes().get(Outcome.ALLOW)).isPositive();
        assertThat(phase.outcomes().get(Outcome.DENY)).isPositive();
        assertThat(phase.outcomes().get(Outcome.UNAUTHORIZED)).isPositive();
        assertThat(phase.outcomes().get(Outcome.ERROR)).isZero();
        assertThat(phase.throughput()).isPositive();
        assertThat(phase.p50Us()).isPositive().isLessThanOrEqualTo(phase.p99Us());
        assertThat(phase.p99Us()).isLessThanOrEqualTo(phase.maxUs());
        assertThat(phase.logBytesPerDecision()).isGreaterThan(100);
        assertThat(phase.samples()).hasSize(3);
        assertThat(phase.samples()).allSatisfy(s -> {
            assertThat(s.heapUsedMiB()).isPositive();
            assertThat(s.rssMiB()).isPositive();
        });
        assertThat(phase.samples().stream().mapToLong(LoadReport.Sample::requests).sum()).isEqualTo(phase.requests());
        assertThat(phase.rss().flat()).isNotNull();
        assertThat(result.ok()).isTrue();

        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[2 thr]   3 s");
        assertThat(result.markdown()).contains("| threads | requests | req/s", "ALLOW / DENY / UNAUTHORIZED",
                "every second");
        assertThat(Files.readString(result.dir().resolve("load.md"))).isEqualTo(result.markdown());
        JsonNode json = new ObjectMapper().readTree(result.dir().resolve("load.json").toFile());
        assertThat(json.path("phases").get(0).path("samples")).hasSize(3);
        assertThat(json.path("phases").get(0).path("samples").get(0).path("rssMiB").asDouble()).isPositive();
    }

    @Test
    void histogramWhenValuesRecordedThenPercentilesWithinPrecisionAndMaxExact() {
        LatencyHistogram h = new LatencyHistogram(7);
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000);
        }
        assertThat(h.count()).isEqualTo(100_000);
        assertThat(h.percentile(50)).isBetween(50_000_000L, (long) (50_000_000 * 1.008));
        assertThat(h.percentile(99)).isBetween(99_000_000L, (long) (99_000_000 * 1.008));
        assertThat(h.percentile(100)).isEqualTo(100_000_000L);
        assertThat(h.max()).isEqualTo(100_000_000L);
        for (long v : new long[] {0, 1, 255, 256, 257, 1 << 20, (1L << 20) + 12_345, LatencyHistogram.MAX_TRACKABLE_NANOS}) {
            int index = h.index(v);
            assertThat(h.highestValueAt(index)).isGreaterThanOrEqualTo(v);
            assertThat(index == 0 || h.highestValueAt(index - 1) < v).isTrue();
        }
    }

    @Test
    void flatnessWhenLastQuarterGrowsBeyondToleranceThenNotFlat() {
        List<Double> flat = List.of(100.0, 101.0, 100.0, 102.0, 101.0, 100.0, 103.0, 101.0);
        List<Double> growing = List.of(100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 160.0, 170.0);
        assertThat(LoadReport.Flatness.of("rss", flat, 0.05, 16, null).flat()).isTrue();
        assertThat(LoadReport.Flatness.of("rss", growing, 0.05, 16, null).flat()).isFalse();
        assertThat(LoadReport.Flatness.of("rss", List.of(1.0), 0.05, 16, null).flat()).isNull();
    }

    @Test
    void durationWhenSuffixedThenParsed() {
        assertThat(LoadMain.duration("60s").toSeconds()).isEqualTo(60);
        assertThat(LoadMain.duration("500ms").toMillis()).isEqualTo(500);
        assertThat(LoadMain.duration("2m").toSeconds()).isEqualTo(120);
        assertThat(LoadMain.duration("3").toSeconds()).isEqualTo(3);
    }
}
