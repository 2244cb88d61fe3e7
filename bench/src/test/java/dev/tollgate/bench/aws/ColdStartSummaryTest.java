package dev.tollgate.bench.aws;

import static dev.tollgate.bench.aws.ReportLineTest.initLine;
import static dev.tollgate.bench.aws.ReportLineTest.restoreLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.bench.aws.AwsBenchmark.Group;
import dev.tollgate.bench.aws.AwsBenchmark.Sample;
import dev.tollgate.bench.aws.AwsBenchmark.Start;
import dev.tollgate.bench.aws.ColdStartSummary.GroupStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-group percentiles and the restore flag, from recorded REPORT lines only. */
class ColdStartSummaryTest {

    private static Sample sample(int index, int wave, Group group, String report) {
        ReportLine line = ReportLine.parse(report).orElseThrow();
        return new Sample(index, 0, "7", wave, group, Start.of(line), line, null, List.of(), null);
    }

    /** Three slow first restores after the publish, then seven from the filled cache. */
    private static List<Sample> snapStartRun() {
        List<Sample> samples = new ArrayList<>();
        samples.add(sample(0, 1, Group.FIRST_AFTER_PUBLISH, restoreLine(0, 41.10, 1480.27, 1203)));
        samples.add(sample(1, 1, Group.FIRST_AFTER_PUBLISH, restoreLine(1, 39.80, 1702.66, 1390)));
        samples.add(sample(2, 1, Group.FIRST_AFTER_PUBLISH, restoreLine(2, 44.30, 1391.05, 1120)));
        double[] later = {231.40, 198.72, 312.45, 205.13, 224.56, 247.90, 219.08};
        for (int i = 0; i < later.length; i++) {
            samples.add(sample(3 + i, 2, Group.LATER, restoreLine(3 + i, 21.0 + i, later[i], 180 + i)));
        }
        return samples;
    }

    @Test
    void ofWhenFirstAndLaterRestoresThenRestorePercentilesPerGroup() {
        ColdStartSummary summary = ColdStartSummary.of(snapStartRun(), 3);

        GroupStats first = summary.groups().get(0);
        assertThat(first.group()).isEqualTo("first 3 after publish");
        assertThat(first.n()).isEqualTo(3);
        assertThat(first.restores()).isEqualTo(3);
        assertThat(first.onDemandInits()).isZero();
        assertThat(first.restore().p50()).isEqualTo(1480.27);
        assertThat(first.restore().p90()).isEqualTo(1702.66);
        assertThat(first.restore().max()).isEqualTo(1702.66);
        assertThat(first.billedRestore().p50()).isEqualTo(1203);
        assertThat(first.coldStart().p50()).isEqualTo(41.10 + 1480.27);
        assertThat(first.init().isEmpty()).isTrue();

        GroupStats later = summary.groups().get(1);
        assertThat(later.group()).isEqualTo("later");
        assertThat(later.n()).isEqualTo(7);
        // sorted 198.72 205.13 219.08 224.56 231.40 247.90 312.45: nearest rank 4 of 7, 7 of 7
        assertThat(later.restore().p50()).isEqualTo(224.56);
        assertThat(later.restore().p90()).isEqualTo(312.45);
        assertThat(later.restore().p99()).isEqualTo(312.45);
        assertThat(later.billedRestore().max()).isEqualTo(186);

        GroupStats all = summary.groups().get(2);
        assertThat(all.group()).isEqualTo("all");
        assertThat(all.n()).isEqualTo(10);
        assertThat(all.restore().max()).isEqualTo(1702.66);
    }

    @Test
    void ofWhenRestoresUnderFiveSecondsThenNothingFlaggedAndExitCodeZero() {
        ColdStartSummary summary = ColdStartSummary.of(snapStartRun(), 3);

        assertThat(summary.overLimit()).isEmpty();
        assertThat(summary.warnings()).isEmpty();
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.markdown()).doesNotContain("WARNING");
    }

    @Test
    void ofWhenARestoreIsOverFiveSecondsThenFlagsThatSampleAndExitCodeIsThree() {
        List<Sample> samples = new ArrayList<>(snapStartRun());
        samples.add(sample(10, 2, Group.LATER, ReportLineTest.RESTORE_OVER_LIMIT));

        ColdStartSummary summary = ColdStartSummary.of(samples, 3);

        assertThat(summary.overLimit()).singleElement().satisfies(f -> {
            assertThat(f.sample()).isEqualTo(10);
            assertThat(f.version()).isEqualTo("7");
            assertThat(f.group()).isEqualTo(Group.LATER);
            assertThat(f.restoreDurationMs()).isEqualTo(6012.34);
        });
        assertThat(summary.exitCode()).isEqualTo(AwsBenchmark.EXIT_RESTORE_OVER_LIMIT).isEqualTo(3);
        assertThat(summary.warnings()).first().isEqualTo("WARNING: restore over 5000 ms: sample 10 (version 7, "
                + "later, wave 2): Restore Duration 6012.34 ms, Billed Restore Duration 5880 ms, cold start 6065.14 ms");
        assertThat(summary.warnings()).last().asString().startsWith("WARNING: exit code 3: 1 restore(s) over 5000 ms");
        assertThat(summary.markdown()).contains("WARNING: restore over 5000 ms: sample 10");
        // still a sample of its group: the hang is part of the distribution too
        assertThat(summary.groups().get(1).restore().max()).isEqualTo(6012.34);
    }

    @Test
    void ofWhenRestoreIsExactlyFiveSecondsThenNotFlagged() {
        List<Sample> samples = List.of(sample(0, 1, Group.FIRST_AFTER_PUBLISH, restoreLine(0, 40, 5000, 4800)));

        assertThat(ColdStartSummary.of(samples, 1).exitCode()).isZero();
    }

    @Test
    void ofWhenRestoreTimedOutThenFlaggedWithLambdasErrorAndNotInThePercentiles() {
        List<Sample> samples = new ArrayList<>(snapStartRun());
        samples.add(new Sample(10, 0, "7", 1, Group.FIRST_AFTER_PUBLISH, Start.RESTORE_TIMEOUT, null,
                "SnapStartTimeoutException: Lambda couldn't restore the snapshot within the timeout limit.",
                List.of(), null));

        ColdStartSummary summary = ColdStartSummary.of(samples, 3);

        assertThat(summary.exitCode()).isEqualTo(3);
        assertThat(summary.warnings().get(0)).isEqualTo("WARNING: restore over 5000 ms: sample 10 (version 7, "
                + "first 3 after publish, wave 1): the restore timed out (SnapStartTimeoutException: Lambda "
                + "couldn't restore the snapshot within the timeout limit.)");
        assertThat(summary.groups().get(0).n()).isEqualTo(3);
    }

    @Test
    void ofWhenWarmOrReportlessSamplesThenLeftOutOfTheGroups() {
        List<Sample> samples = new ArrayList<>(snapStartRun());
        samples.add(sample(10, 1, Group.FIRST_AFTER_PUBLISH, ReportLineTest.WARM));
        samples.add(new Sample(11, 0, "7", 2, Group.LATER, Start.UNKNOWN, null, "TooManyRequestsException: Rate "
                + "Exceeded.", List.of(), null));

        ColdStartSummary summary = ColdStartSummary.of(samples, 3);

        assertThat(summary.groups()).extracting(GroupStats::n).containsExactly(3, 7, 10);
        assertThat(summary.exitCode()).isZero();
    }

    @Test
    void markdownWhenSnapStartThenOneRowPerGroupWithColdRestoreAndBilledRestorePercentiles() {
        String md = ColdStartSummary.of(snapStartRun(), 3).markdown();

        assertThat(md).contains("| group | n | restores / on-demand inits | cold start p50 / p90 / p99 / max ms "
                + "| Restore Duration p50 / p90 / p99 / max ms | Billed Restore Duration p50 / p90 / p99 / max ms |\n"
                + "|---|---|---|---|---|---|\n");
        assertThat(md).contains("| first 3 after publish | 3 | 3 / 0 | 1521.37 / 1742.46 / 1742.46 / 1742.46 "
                + "| 1480.27 / 1702.66 / 1702.66 / 1702.66 | 1203 / 1390 / 1390 / 1390 |\n");
        assertThat(md).contains("| later | 7 | 7 / 0 | 249.56 / 335.45 / 335.45 / 335.45 "
                + "| 224.56 / 312.45 / 312.45 / 312.45 | 183 / 186 / 186 / 186 |\n");
        assertThat(md).contains("| all | 10 | 10 / 0 |");
        assertThat(md).doesNotContain("Init Duration p50");
    }

    @Test
    void markdownWhenOnDemandInitsThenInitColumnAndNoRestoreColumns() {
        List<Sample> samples = List.of(
                sample(0, 1, Group.FIRST_AFTER_PUBLISH, initLine(0, 412.37, 1088.52)),
                sample(1, 2, Group.LATER, initLine(1, 398.10, 1012.75)),
                sample(2, 2, Group.LATER, initLine(2, 405.55, 1040.02)));

        ColdStartSummary summary = ColdStartSummary.of(samples, 1);
        String md = summary.markdown();

        assertThat(summary.groups().get(1).onDemandInits()).isEqualTo(2);
        assertThat(summary.groups().get(1).init().p50()).isEqualTo(1012.75);
        assertThat(md).contains("| first 1 after publish | 1 | 0 / 1 | 1500.89 / 1500.89 / 1500.89 / 1500.89 "
                + "| 1088.52 / 1088.52 / 1088.52 / 1088.52 |");
        assertThat(md).contains("Init Duration p50 / p90 / p99 / max ms").doesNotContain("Restore Duration p50");
    }

    @Test
    void markdownWhenAGroupIsEmptyThenItsRowShowsDashes() {
        List<Sample> samples = List.of(sample(0, 1, Group.FIRST_AFTER_PUBLISH, restoreLine(0, 41.1, 1480.27, 1203)));

        assertThat(ColdStartSummary.of(samples, 1).markdown()).contains("| later | 0 | 0 / 0 | - | - | - |");
    }
}
