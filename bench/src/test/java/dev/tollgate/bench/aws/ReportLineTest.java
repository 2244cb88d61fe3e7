package dev.tollgate.bench.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parses REPORT lines as Lambda writes them (tab-separated, recorded from real logs' format). */
class ReportLineTest {

    static final String ON_DEMAND_COLD = "REPORT RequestId: 8f5a1c2e-3b4d-4e5f-9a0b-1c2d3e4f5a6b\t"
            + "Duration: 412.37 ms\tBilled Duration: 413 ms\tMemory Size: 512 MB\tMax Memory Used: 121 MB\t"
            + "Init Duration: 1088.52 ms\t";
    static final String WARM = "REPORT RequestId: 0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\tDuration: 2.04 ms\t"
            + "Billed Duration: 3 ms\tMemory Size: 512 MB\tMax Memory Used: 122 MB\t";
    static final String SNAPSTART = "REPORT RequestId: 6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d\tDuration: 38.91 ms\t"
            + "Billed Duration: 264 ms\tMemory Size: 512 MB\tMax Memory Used: 102 MB\tRestore Duration: 224.56 ms\t"
            + "Billed Restore Duration: 225 ms\t";
    /** A SnapStart restore; Billed Duration is the Duration rounded up plus the Billed Restore Duration. */
    static final String SNAPSTART_BILLED_RESTORE = "REPORT RequestId: 2c4e6a8b-1d3f-4b5a-9c7e-0f2a4c6e8b1d\t"
            + "Duration: 41.27 ms\tBilled Duration: 246 ms\tMemory Size: 1024 MB\tMax Memory Used: 131 MB\t"
            + "Restore Duration: 312.45 ms\tBilled Restore Duration: 204 ms\t";
    /** A restore that hung past 5 s. */
    static final String RESTORE_OVER_LIMIT = "REPORT RequestId: 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b\t"
            + "Duration: 52.80 ms\tBilled Duration: 5933 ms\tMemory Size: 1024 MB\tMax Memory Used: 133 MB\t"
            + "Restore Duration: 6012.34 ms\tBilled Restore Duration: 5880 ms\t";
    /** The log tail of a SnapStart cold invocation: the restore's own lines come before the invocation's. */
    static final String SNAPSTART_TAIL = "RESTORE_START Runtime Version: java:17.v40\t"
            + "Runtime Version ARN: arn:aws:lambda:eu-central-1::runtime:"
            + "3e9d3c6b8a0f5e1d2c4b6a8f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c0b2a4f6e8d\n"
            + "RESTORE_REPORT Restore Duration: 312.45 ms\n"
            + "START RequestId: 2c4e6a8b-1d3f-4b5a-9c7e-0f2a4c6e8b1d Version: 7\n"
            + "{\"level\":\"INFO\",\"decision\":\"ALLOWED\"}\n"
            + "END RequestId: 2c4e6a8b-1d3f-4b5a-9c7e-0f2a4c6e8b1d\n"
            + SNAPSTART_BILLED_RESTORE + "\n";

    /**
     * A SnapStart REPORT line in Lambda's format (tab-separated, trailing tab); Billed Duration is the
     * Duration rounded up plus the Billed Restore Duration, as Lambda bills it.
     */
    static String restoreLine(int id, double durationMs, double restoreMs, int billedRestoreMs) {
        return String.format(java.util.Locale.ROOT, "REPORT RequestId: %08x-3b4d-4e5f-9a0b-%012x\t"
                + "Duration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 1024 MB\tMax Memory Used: 131 MB\t"
                + "Restore Duration: %.2f ms\tBilled Restore Duration: %d ms\t", id, id, durationMs,
                (int) Math.ceil(durationMs) + billedRestoreMs, restoreMs, billedRestoreMs);
    }

    /** An on-demand cold start REPORT line in Lambda's format. */
    static String initLine(int id, double durationMs, double initMs) {
        return String.format(java.util.Locale.ROOT, "REPORT RequestId: %08x-7c8d-4e9f-8a0b-%012x\t"
                + "Duration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 1024 MB\tMax Memory Used: 124 MB\t"
                + "Init Duration: %.2f ms\t", id, id, durationMs, (int) Math.ceil(durationMs), initMs);
    }

    @Test
    void parseWhenOnDemandColdStartThenReadsInitDuration() {
        ReportLine r = ReportLine.parse(ON_DEMAND_COLD).orElseThrow();

        assertThat(r.requestId()).isEqualTo("8f5a1c2e-3b4d-4e5f-9a0b-1c2d3e4f5a6b");
        assertThat(r.durationMs()).isEqualTo(412.37);
        assertThat(r.billedDurationMs()).isEqualTo(413);
        assertThat(r.memorySizeMb()).isEqualTo(512);
        assertThat(r.maxMemoryUsedMb()).isEqualTo(121);
        assertThat(r.initDurationMs()).isEqualTo(1088.52);
        assertThat(r.restoreDurationMs()).isNull();
        assertThat(r.cold()).isTrue();
        assertThat(r.coldStartMs()).isEqualTo(412.37 + 1088.52);
    }

    @Test
    void parseWhenWarmThenNoInitAndNotCold() {
        ReportLine r = ReportLine.parse(WARM).orElseThrow();

        assertThat(r.durationMs()).isEqualTo(2.04);
        assertThat(r.initDurationMs()).isNull();
        assertThat(r.cold()).isFalse();
    }

    @Test
    void parseWhenSnapStartRestoreThenReadsRestoreAndBilledRestoreDurations() {
        ReportLine r = ReportLine.parse(SNAPSTART).orElseThrow();

        assertThat(r.durationMs()).isEqualTo(38.91);
        assertThat(r.billedDurationMs()).isEqualTo(264);
        assertThat(r.restoreDurationMs()).isEqualTo(224.56);
        assertThat(r.billedRestoreDurationMs()).isEqualTo(225);
        assertThat(r.initDurationMs()).isNull();
        assertThat(r.cold()).isTrue();
    }

    @Test
    void parseWhenSpaceSeparatedThenStillReadsDuration() {
        ReportLine r = ReportLine.parse("REPORT RequestId: abcd Duration: 5.5 ms Billed Duration: 6 ms "
                + "Memory Size: 128 MB Max Memory Used: 64 MB").orElseThrow();

        assertThat(r.durationMs()).isEqualTo(5.5);
        assertThat(r.billedDurationMs()).isEqualTo(6);
    }

    @Test
    void findWhenLogTailHasOtherLinesThenPicksTheReportLine() {
        String tail = "START RequestId: x Version: 7\n{\"level\":\"INFO\",\"decision\":\"ALLOWED\"}\n"
                + "END RequestId: x\n" + ON_DEMAND_COLD + "\n";

        assertThat(ReportLine.find(tail)).hasValueSatisfying(r -> assertThat(r.initDurationMs()).isEqualTo(1088.52));
    }

    @Test
    void parseWhenSnapStartWithBilledRestoreDurationThenReadsRestoreBilledRestoreAndBilledDuration() {
        ReportLine r = ReportLine.parse(SNAPSTART_BILLED_RESTORE).orElseThrow();

        assertThat(r.restore()).isTrue();
        assertThat(r.restoreDurationMs()).isEqualTo(312.45);
        assertThat(r.billedRestoreDurationMs()).isEqualTo(204);
        assertThat(r.billedDurationMs()).isEqualTo(246);
        assertThat(r.durationMs()).isEqualTo(41.27);
        assertThat(r.coldStartMs()).isEqualTo(41.27 + 312.45);
    }

    @Test
    void parseWhenRestoreOverFiveSecondsThenReadsTheWholeRestoreDuration() {
        ReportLine r = ReportLine.parse(RESTORE_OVER_LIMIT).orElseThrow();

        assertThat(r.restoreDurationMs()).isEqualTo(6012.34);
        assertThat(r.billedRestoreDurationMs()).isEqualTo(5880);
        assertThat(r.durationMs()).isEqualTo(52.80);
    }

    @Test
    void parseWhenOnDemandOrWarmThenNotARestore() {
        assertThat(ReportLine.parse(ON_DEMAND_COLD).orElseThrow().restore()).isFalse();
        assertThat(ReportLine.parse(WARM).orElseThrow().restore()).isFalse();
    }

    @Test
    void findWhenSnapStartTailHasRestoreReportLineThenReadsTheInvocationsReportLine() {
        ReportLine r = ReportLine.find(SNAPSTART_TAIL).orElseThrow();

        assertThat(r.requestId()).isEqualTo("2c4e6a8b-1d3f-4b5a-9c7e-0f2a4c6e8b1d");
        assertThat(r.durationMs()).isEqualTo(41.27);
        assertThat(r.restoreDurationMs()).isEqualTo(312.45);
    }

    @Test
    void findWhenXrayLineFollowsTheReportThenReadsTheReport() {
        String tail = "START RequestId: 8f5a1c2e-3b4d-4e5f-9a0b-1c2d3e4f5a6b Version: $LATEST\n"
                + "END RequestId: 8f5a1c2e-3b4d-4e5f-9a0b-1c2d3e4f5a6b\n" + ON_DEMAND_COLD + "\n"
                + "XRAY TraceId: 1-6761a3f2-2b7c4d8e9f0a1b2c3d4e5f60\tSegmentId: 4a5b6c7d8e9f0a1b\tSampled: true\t\n";

        assertThat(ReportLine.find(tail)).hasValueSatisfying(r -> {
            assertThat(r.initDurationMs()).isEqualTo(1088.52);
            assertThat(r.maxMemoryUsedMb()).isEqualTo(121);
        });
    }

    @Test
    void restoreLineWhenFormattedThenParsesBackToTheSameFigures() {
        ReportLine r = ReportLine.parse(restoreLine(3, 38.5, 1480.27, 1203)).orElseThrow();

        assertThat(r.durationMs()).isEqualTo(38.5);
        assertThat(r.billedDurationMs()).isEqualTo(39 + 1203);
        assertThat(r.restoreDurationMs()).isEqualTo(1480.27);
        assertThat(r.billedRestoreDurationMs()).isEqualTo(1203);
        assertThat(ReportLine.parse(initLine(4, 401.1, 990.5)).orElseThrow().initDurationMs()).isEqualTo(990.5);
    }

    @Test
    void findWhenNoReportLineThenEmpty() {
        assertThat(ReportLine.find("START RequestId: x\nEND RequestId: x\n")).isEmpty();
        assertThat(ReportLine.find(null)).isEmpty();
    }
}
