package dev.tollgate.bench.aws;

import dev.tollgate.bench.aws.AwsBenchmark.Group;
import dev.tollgate.bench.aws.AwsBenchmark.Sample;
import dev.tollgate.bench.aws.AwsBenchmark.Start;
import dev.tollgate.bench.report.MarkdownTable;
import dev.tollgate.bench.report.Stats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The AWS run's cold starts per group (first after publish, later, all) and the restores over
 * {@value #RESTORE_LIMIT_MS} ms, from the samples alone (no Lambda calls, so it is tested with
 * recorded REPORT lines).
 *
 * <p>The groups are kept apart because SnapStart keeps each version's snapshot in a tiered cache:
 * the first restores after a publish read it from the slow tiers, later ones from the fast tiers,
 * and published measurements of the two differ by up to 10x. Pooled, the first restores would
 * show as a p90/p99 tail that a version meets only right after its publish, and would hide how
 * slow exactly those are.
 *
 * @param firstAfterPublish the run's {@code --first-after-publish}, for the first group's label
 * @param groups            first after publish, later, all: in this order
 * @param overLimit         every restore over {@value #RESTORE_LIMIT_MS} ms and every restore timeout
 */
public record ColdStartSummary(int firstAfterPublish, List<GroupStats> groups, List<RestoreOverLimit> overLimit) {

    /**
     * A restore that takes longer than this is a hang, not a slow cache tier (published measurements
     * put the first cold starts after a publish of a Java function at about two seconds, restore and
     * first invocation together): typically afterRestore work waiting on something priming left in
     * the snapshot (a connection, a thread, a lock).
     */
    public static final int RESTORE_LIMIT_MS = 5_000;

    /**
     * One group's cold starts. Every {@link Stats} is over that group's cold samples which have the
     * figure; {@code billedRestore} is empty when the REPORT lines have no Billed Restore Duration.
     *
     * @param group         "first N after publish", "later" or "all"
     * @param n             cold samples (a REPORT line with Restore or Init Duration)
     * @param restores      of which SnapStart restores
     * @param onDemandInits of which on-demand inits
     * @param coldStart     Restore Duration (or Init Duration) plus Duration
     */
    public record GroupStats(String group, int n, int restores, int onDemandInits, Stats coldStart, Stats restore,
            Stats billedRestore, Stats init) {}

    /**
     * A flagged sample: a Restore Duration over {@value #RESTORE_LIMIT_MS} ms, or a restore that timed
     * out (then the durations are null and {@code error} says what Lambda answered).
     */
    public record RestoreOverLimit(int sample, String version, Group group, int wave, Double restoreDurationMs,
            Double billedRestoreDurationMs, Double coldStartMs, String error) {}

    /** Groups and flags {@code samples}; {@code firstAfterPublish} names the first group. */
    public static ColdStartSummary of(List<Sample> samples, int firstAfterPublish) {
        List<GroupStats> groups = List.of(
                group(label(Group.FIRST_AFTER_PUBLISH, firstAfterPublish), samples, s -> s.group() == Group.FIRST_AFTER_PUBLISH),
                group(label(Group.LATER, firstAfterPublish), samples, s -> s.group() == Group.LATER),
                group("all", samples, s -> true));
        List<RestoreOverLimit> flagged = samples.stream().filter(ColdStartSummary::overLimit)
                .map(s -> new RestoreOverLimit(s.index(), s.version(), s.group(), s.wave(),
                        s.cold() == null ? null : s.cold().restoreDurationMs(),
                        s.cold() == null ? null : s.cold().billedRestoreDurationMs(),
                        s.cold() == null ? null : s.cold().coldStartMs(), s.functionError()))
                .toList();
        return new ColdStartSummary(firstAfterPublish, groups, flagged);
    }

    /** True for a restore over {@value #RESTORE_LIMIT_MS} ms or a restore timeout. */
    static boolean overLimit(Sample s) {
        return s.start() == Start.RESTORE_TIMEOUT
                || s.cold() != null && s.cold().restore() && s.cold().restoreDurationMs() > RESTORE_LIMIT_MS;
    }

    /** The group's name in tables and warnings. */
    static String label(Group group, int firstAfterPublish) {
        return group == Group.FIRST_AFTER_PUBLISH ? "first " + firstAfterPublish + " after publish" : "later";
    }

    private static GroupStats group(String name, List<Sample> samples, Predicate<Sample> in) {
        List<ReportLine> cold = samples.stream().filter(in).filter(Sample::coldStarted).map(Sample::cold).toList();
        Function<Function<ReportLine, Double>, Stats> stats = figure -> Stats.of(cold.stream().map(figure).toList());
        return new GroupStats(name, cold.size(),
                (int) cold.stream().filter(ReportLine::restore).count(),
                (int) cold.stream().filter(r -> r.initDurationMs() != null).count(),
                stats.apply(ReportLine::coldStartMs), stats.apply(ReportLine::restoreDurationMs),
                stats.apply(ReportLine::billedRestoreDurationMs), stats.apply(ReportLine::initDurationMs));
    }

    /** {@link AwsBenchmark#EXIT_RESTORE_OVER_LIMIT} when any restore is flagged, else 0. */
    public int exitCode() {
        return overLimit.isEmpty() ? 0 : AwsBenchmark.EXIT_RESTORE_OVER_LIMIT;
    }

    /**
     * One line per flagged sample, each starting with {@code WARNING: restore over 5000 ms}, then one
     * naming the exit code; empty when nothing is flagged.
     */
    public List<String> warnings() {
        List<String> lines = new ArrayList<>();
        for (RestoreOverLimit f : overLimit) {
            String where = "sample " + f.sample() + " (version " + f.version() + ", "
                    + label(f.group(), firstAfterPublish) + ", wave " + f.wave() + ")";
            String what = f.restoreDurationMs() == null ? "the restore timed out (" + f.error() + ")"
                    : "Restore Duration " + ms(f.restoreDurationMs()) + " ms"
                            + (f.billedRestoreDurationMs() == null ? ""
                                    : ", Billed Restore Duration " + ms(f.billedRestoreDurationMs()) + " ms")
                            + ", cold start " + ms(f.coldStartMs()) + " ms";
            lines.add("WARNING: restore over " + RESTORE_LIMIT_MS + " ms: " + where + ": " + what);
        }
        if (!lines.isEmpty()) {
            lines.add("WARNING: exit code " + AwsBenchmark.EXIT_RESTORE_OVER_LIMIT + ": " + overLimit.size()
                    + " restore(s) over " + RESTORE_LIMIT_MS + " ms; a restore that long is a hang: check the "
                    + "afterRestore hooks and what priming leaves in the snapshot (connections, threads, locks)");
        }
        return lines;
    }

    /**
     * The per-group table (p50 / p90 / p99 / max in ms), then the warnings. The Restore Duration,
     * Billed Restore Duration and Init Duration columns appear only when some REPORT line has them.
     */
    public String markdown() {
        boolean restore = groups.stream().anyMatch(g -> !g.restore().isEmpty());
        boolean billed = groups.stream().anyMatch(g -> !g.billedRestore().isEmpty());
        boolean init = groups.stream().anyMatch(g -> !g.init().isEmpty());
        List<String> headings = new ArrayList<>(List.of("group", "n", "restores / on-demand inits",
                "cold start p50 / p90 / p99 / max ms"));
        if (restore) {
            headings.add("Restore Duration p50 / p90 / p99 / max ms");
        }
        if (billed) {
            headings.add("Billed Restore Duration p50 / p90 / p99 / max ms");
        }
        if (init) {
            headings.add("Init Duration p50 / p90 / p99 / max ms");
        }
        MarkdownTable table = new MarkdownTable(headings);
        for (GroupStats g : groups) {
            List<String> cells = new ArrayList<>(List.of(g.group(), Integer.toString(g.n()),
                    g.restores() + " / " + g.onDemandInits(), percentiles(g.coldStart())));
            if (restore) {
                cells.add(percentiles(g.restore()));
            }
            if (billed) {
                cells.add(percentiles(g.billedRestore()));
            }
            if (init) {
                cells.add(percentiles(g.init()));
            }
            table.row(cells);
        }
        StringBuilder md = new StringBuilder("### Cold starts by group\n\n").append(table);
        md.append("\nCold start = Restore Duration (or Init Duration) + Duration, from the REPORT lines; "
                + "nearest-rank percentiles (p99 is the maximum below 100 samples).\n");
        List<String> warnings = warnings();
        if (!warnings.isEmpty()) {
            md.append('\n');
            warnings.forEach(w -> md.append(w).append("\n\n"));
        }
        return md.toString();
    }

    private static String percentiles(Stats s) {
        return s.isEmpty() ? "-"
                : String.join(" / ", ms(s.p50()), ms(s.p90()), ms(s.p99()), ms(s.max()));
    }

    /** Milliseconds as Lambda writes them: up to two decimals, no trailing zeros. */
    static String ms(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
