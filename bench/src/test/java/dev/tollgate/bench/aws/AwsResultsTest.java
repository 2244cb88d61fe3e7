package dev.tollgate.bench.aws;

import static dev.tollgate.bench.aws.ReportLineTest.restoreLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.bench.report.ModeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS run's table rows, Markdown and files, from runs against a mocked Lambda client. */
class AwsResultsTest {

    private static final AwsBenchmark.Config ONE_VERSION_THREE_SAMPLES =
            new AwsBenchmark.Config("tollgate", "live", 1, 3, 1, 0, "{}");

    /**
     * One version, three cold starts: one first after the publish, then a burst of three that reuses
     * one environment and makes two, one of them a restore over the limit.
     */
    private static List<AwsBenchmark.Sample> bothGroupsWithARestoreOverLimit() {
        MockLambda.Script script = new MockLambda.Script()
                .burst(restoreLine(0, 41.10, 1480.27, 1203))
                .burst(ReportLineTest.WARM, ReportLineTest.RESTORE_OVER_LIMIT, restoreLine(2, 23, 198.72, 181));
        return MockLambda.run(MockLambda.client(), ONE_VERSION_THREE_SAMPLES, script);
    }

    @Test
    void markdownWhenBothGroupsAndARestoreOverFiveSecondsThenRowPerGroupGroupTableAndWarning() {
        AwsBenchmark.Config config = ONE_VERSION_THREE_SAMPLES;
        List<AwsBenchmark.Sample> samples = bothGroupsWithARestoreOverLimit();
        ColdStartSummary summary = ColdStartSummary.of(samples, 1);

        List<ModeResult> results = AwsResults.results(config, samples);
        String md = AwsResults.markdown(config, results, summary, "20270101-120000");

        assertThat(results).extracting(ModeResult::mode)
                .containsExactly("tollgate:live", "tollgate:live first 1 after publish", "tollgate:live later");
        assertThat(md).contains("| tollgate:live first 1 after publish | 1521 / 1521 / 1521 |");
        assertThat(md).contains("### Cold starts by group").contains("| first 1 after publish | 1 | 1 / 0 |");
        assertThat(md).containsPattern("WARNING: restore over 5000 ms: sample [12] \\(version 7, later, wave 2\\): "
                + "Restore Duration 6012.34 ms");
        assertThat(summary.exitCode()).isEqualTo(3);
    }

    @Test
    void resultsWhenEverySampleIsFirstAfterPublishThenOneRow() {
        MockLambda.Script script = new MockLambda.Script().burst(ReportLineTest.SNAPSTART)
                .burst(ReportLineTest.SNAPSTART);
        AwsBenchmark.Config config = new AwsBenchmark.Config("tollgate", "live", 2, 0, "{}");

        List<AwsBenchmark.Sample> samples = MockLambda.run(MockLambda.client(), config, script);

        assertThat(AwsResults.results(config, samples)).extracting(ModeResult::mode).containsExactly("tollgate:live");
    }

    @Test
    void writeWhenRunHasBothGroupsThenResultsJsonRecordsGroupVersionAndStartOfEverySample(@TempDir Path dir)
            throws Exception {
        AwsBenchmark.Config config = ONE_VERSION_THREE_SAMPLES;
        List<AwsBenchmark.Sample> samples = bothGroupsWithARestoreOverLimit();

        String md = AwsResults.write(dir, config, samples, "20270101-120000");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("samples")).hasSize(3);
        JsonNode first = json.get("samples").get(0);
        assertThat(first.get("group").asText()).isEqualTo("FIRST_AFTER_PUBLISH");
        assertThat(first.get("version").asText()).isEqualTo("7");
        assertThat(first.get("start").asText()).isEqualTo("RESTORE");
        assertThat(first.get("cold").get("restoreDurationMs").asDouble()).isEqualTo(1480.27);
        assertThat(json.get("samples").get(1).get("group").asText()).isEqualTo("LATER");
        assertThat(json.get("groups").get("groups").get(0).get("group").asText()).isEqualTo("first 1 after publish");
        assertThat(json.get("groups").get("overLimit")).hasSize(1);
        assertThat(json.get("results")).hasSize(3);
        assertThat(Files.readString(dir.resolve("results.md"))).isEqualTo(md);
        assertThat(dir.resolve("chart.svg")).exists();
    }
}
