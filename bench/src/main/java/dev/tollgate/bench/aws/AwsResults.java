package dev.tollgate.bench.aws;

import dev.tollgate.bench.aws.AwsBenchmark.Config;
import dev.tollgate.bench.aws.AwsBenchmark.Group;
import dev.tollgate.bench.aws.AwsBenchmark.Sample;
import dev.tollgate.bench.aws.AwsBenchmark.Start;
import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.ResultWriter;
import dev.tollgate.bench.report.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of an AWS run: the rows of the local table computed from REPORT lines (all cold
 * samples, then each {@link Group}), every failure a row must show, and the files
 * ({@code results.md}, {@code results.json}, {@code chart.svg}).
 */
public final class AwsResults {

    private AwsResults() {}

    /** The same figures as the local table, from REPORT lines, over all cold samples. */
    public static ModeResult summarise(Config config, List<Sample> samples) {
        return summarise(config, samples, null);
    }

    /**
     * The same figures as the local table over one group's cold samples ({@code null}: all), with
     * every sample failure and the later cold starts a round could not get.
     */
    public static ModeResult summarise(Config config, List<Sample> samples, Group group) {
        List<Sample> chosen = samples.stream().filter(s -> group == null || s.group() == group).toList();
        List<ReportLine> cold = chosen.stream().filter(Sample::coldStarted).map(Sample::cold).toList();
        // Warm invocations belong to the version, not to a group: every row shows them all.
        List<ReportLine> warm = samples.stream().flatMap(s -> s.warm().stream()).toList();
        List<String> failures = new ArrayList<>();
        for (Sample s : chosen) {
            if (s.cold() == null) {
                failures.add("sample " + s.index() + ": " + (s.start() == Start.RESTORE_TIMEOUT
                        ? "restore timed out" : "no REPORT line"));
            } else if (!s.cold().cold()) {
                failures.add("sample " + s.index() + ": first invocation was not a cold start");
            }
            if (s.functionError() != null) {
                failures.add("sample " + s.index() + ": " + s.functionError());
            }
            if (s.warmError() != null) {
                failures.add("version " + s.version() + ", warm: " + s.warmError());
            }
        }
        if (group != Group.FIRST_AFTER_PUBLISH) {
            for (int round = 0; round < config.versions(); round++) {
                int r = round;
                List<Sample> inRound = samples.stream().filter(s -> s.round() == r).toList();
                long later = inRound.stream().filter(s -> s.group() == Group.LATER && s.coldStarted()).count();
                if (!inRound.isEmpty() && later < config.laterPerVersion()) {
                    failures.add("version " + inRound.get(0).version() + ": " + later + " of "
                            + config.laterPerVersion() + " later cold starts (the bursts reused environments "
                            + "or were throttled: is the function's concurrency below --samples?)");
                }
            }
        }
        boolean snapStart = cold.stream().anyMatch(ReportLine::restore);
        String which = group == null ? ""
                : group == Group.FIRST_AFTER_PUBLISH ? ", first " + config.firstAfterPublish() + " after each publish"
                : ", later cold starts of the same version";
        return new ModeResult(
                config.label() + (group == null ? "" : " " + ColdStartSummary.label(group, config.firstAfterPublish())),
                (snapStart ? "AWS Lambda, SnapStart restore" : "AWS Lambda, on-demand init") + which,
                Stats.of(cold.stream().map(ReportLine::coldStartMs).toList()),
                Stats.of(cold.stream().map(r -> r.initDurationMs() != null ? r.initDurationMs()
                        : r.restoreDurationMs()).toList()),
                Stats.of(List.of()),
                Stats.of(cold.stream().map(ReportLine::durationMs).toList()),
                Stats.of(warm.stream().map(ReportLine::durationMs).toList()),
                Stats.of(List.of()),
                Stats.of(cold.stream().map(r -> (double) r.maxMemoryUsedMb()).toList()),
                Stats.of(warm.stream().map(r -> (double) r.maxMemoryUsedMb()).toList()),
                -1, failures, Map.of());
    }

    /**
     * The table's rows: all cold samples, then each group when the run has both (with one group
     * only, its row would repeat the first).
     */
    static List<ModeResult> results(Config config, List<Sample> samples) {
        List<ModeResult> results = new ArrayList<>();
        results.add(summarise(config, samples));
        boolean first = samples.stream().anyMatch(s -> s.coldStarted() && s.group() == Group.FIRST_AFTER_PUBLISH);
        boolean later = samples.stream().anyMatch(s -> s.coldStarted() && s.group() == Group.LATER);
        if (first && later) {
            results.add(summarise(config, samples, Group.FIRST_AFTER_PUBLISH));
            results.add(summarise(config, samples, Group.LATER));
        }
        return results;
    }

    /**
     * Writes results.md, results.json (config, table rows, per-group summary with the flagged
     * restores, every sample) and chart.svg to {@code dir}.
     *
     * @return the Markdown
     */
    static String write(Path dir, Config config, List<Sample> samples, String stamp) throws IOException {
        ColdStartSummary summary = ColdStartSummary.of(samples, config.firstAfterPublish());
        List<ModeResult> results = results(config, samples);
        String md = markdown(config, results, summary, stamp);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", config);
        json.put("results", results);
        json.put("groups", summary);
        json.put("samples", samples);
        ResultWriter.write(dir, null, md, json, results, "tollgate on AWS Lambda " + stamp);
        return md;
    }

    /** results.md: the local table's columns, the per-group percentiles, failures and warnings. */
    static String markdown(Config config, List<ModeResult> results, ColdStartSummary summary, String stamp) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("source", "REPORT lines: cold start = Init (or Restore) Duration + Duration; init = Init or "
                + "Restore Duration; peak RSS = Max Memory Used");
        notes.put("samples", config.versions() + " version(s) x " + config.samples() + " cold starts; the first "
                + config.firstAfterPublish() + " of each version in one burst right after its publish, the rest in "
                + "later bursts on the same version; warm figures pool every version's warm invocations");
        StringBuilder md = new StringBuilder(ResultWriter.markdown("tollgate cold start on AWS Lambda ("
                + config.label() + ", " + stamp + ")", results, notes));
        md.append('\n').append(summary.markdown());
        List<String> failures = results.get(0).failures();
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }
}
