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
    void findWhenNoReportLineThenEmpty() {
        assertThat(ReportLine.find("START RequestId: x\nEND RequestId: x\n")).isEmpty();
        assertThat(ReportLine.find(null)).isEmpty();
    }
}
