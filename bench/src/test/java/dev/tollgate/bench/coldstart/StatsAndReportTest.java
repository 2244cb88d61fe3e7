package dev.tollgate.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.ResultWriter;
import dev.tollgate.bench.report.Stats;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsAndReportTest {

    @Test
    void statsWhenHundredValuesThenNearestRankPercentiles() {
        Stats s = Stats.of(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());

        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p90()).isEqualTo(90);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
    }

    @Test
    void statsWhenFewValuesThenP99IsMaxAndNaNIgnored() {
        Stats s = Stats.of(List.of(3.0, 1.0, Double.NaN, 2.0));

        assertThat(s.n()).isEqualTo(3);
        assertThat(s.p50()).isEqualTo(2);
        assertThat(s.p99()).isEqualTo(3);
        assertThat(Stats.of(List.of()).isEmpty()).isTrue();
    }

    private static ModeResult result(String mode, double cold) {
        Stats c = Stats.of(List.of(cold));
        Stats w = Stats.of(List.of(1.0));
        return new ModeResult(mode, "d", c, c, Stats.EMPTY, w, w, w, c, c, 10, List.of(), Map.of());
    }

    @Test
    void withRatiosWhenBaselineRanThenDividesP50s() {
        List<ModeResult> r = ModeSummaries.withRatios(List.of(result("hello", 100), result("j17-c1", 250)), "hello");

        assertThat(r.get(1).ratios()).containsEntry("coldStart", 2.5).containsEntry("warm", 1.0);
    }

    @Test
    void markdownAndSvgWhenResultsThenTableRowsAndOneBarPerMode() {
        List<ModeResult> r = ModeSummaries.withRatios(List.of(result("hello", 100), result("j17-c1", 250)), "hello");

        String md = ResultWriter.markdown("t", r, Map.of());
        String svg = ResultWriter.svg("t", r);

        assertThat(md).contains("| mode | cold start p50/p90/p99 ms").contains("| j17-c1 | 250 / 250 / 250 |")
                .contains("2.50 /");
        assertThat(svg).startsWith("<svg").contains(">j17-c1</text>").endsWith("</svg>\n");
    }
}
