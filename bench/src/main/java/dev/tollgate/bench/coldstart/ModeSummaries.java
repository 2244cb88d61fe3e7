package dev.tollgate.bench.coldstart;

import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table rows of a local run: one {@link ModeResult} per mode from its good samples, with its
 * failures, its class counts and its ratios to the hello and Node.js baselines.
 */
public final class ModeSummaries {

    private ModeSummaries() {}

    /**
     * One row per mode of {@code modes}, in that order, then the ratios to {@code hello} and, under
     * {@code node.}, to {@code node}.
     *
     * @param brokenModes       modes that could not run, with the reason
     * @param classCounts       classes loaded per mode (absent: not counted)
     * @param sharedClassCounts of those, classes from the archive per mode
     */
    static List<ModeResult> summarise(List<Mode> modes, List<Sample> samples, Map<String, String> brokenModes,
            Map<String, Long> classCounts, Map<String, Long> sharedClassCounts) {
        Map<String, List<Sample>> byMode = samples.stream()
                .collect(Collectors.groupingBy(Sample::mode, LinkedHashMap::new, Collectors.toList()));
        List<ModeResult> results = new ArrayList<>();
        for (Mode mode : modes) {
            List<Sample> list = byMode.getOrDefault(mode.name(), List.of());
            List<Sample> ok = list.stream().filter(Sample::ok).toList();
            List<String> failures = new ArrayList<>();
            if (brokenModes.containsKey(mode.name())) {
                failures.add(brokenModes.get(mode.name()));
            }
            list.stream().filter(s -> !s.ok()).forEach(s -> failures.add("sample " + s.index() + ": " + s.error()));
            results.add(new ModeResult(mode.name(), mode.description(),
                    Stats.of(ok.stream().map(Sample::coldStartMs).toList()),
                    Stats.of(ok.stream().map(Sample::initMs).toList()),
                    Stats.of(ok.stream().map(Sample::restoreMs).toList()),
                    Stats.of(ok.stream().map(Sample::firstInvokeMs).toList()),
                    Stats.of(ok.stream().flatMap(s -> s.warmMs().stream()).toList()),
                    Stats.of(ok.stream().flatMap(s -> s.cacheHitMs().stream()).toList()),
                    Stats.of(ok.stream().map(s -> s.peakRssFirstKb() / 1024.0).toList()),
                    Stats.of(ok.stream().map(s -> s.peakRssEndKb() / 1024.0).toList()),
                    classCounts.getOrDefault(mode.name(), -1L),
                    failures, Map.of(), sharedClassCounts.getOrDefault(mode.name(), -1L)));
        }
        return withRatios(withRatios(results, "hello", ""), "node", "node.");
    }

    /** Adds, to every result, its p50s divided by those of {@code baseline} (when it ran). */
    public static List<ModeResult> withRatios(List<ModeResult> results, String baseline) {
        return withRatios(results, baseline, "");
    }

    /**
     * Adds, to every result, its p50s divided by those of {@code baseline} (when it ran), under
     * {@code prefix + name}; ratios already present stay. A mode pinned to one CPU is divided by the
     * baseline pinned to one CPU when that ran too.
     */
    public static List<ModeResult> withRatios(List<ModeResult> results, String baseline, String prefix) {
        Map<String, ModeResult> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.mode(), r));
        List<ModeResult> out = new ArrayList<>();
        for (ModeResult r : results) {
            ModeResult base = byName.get(baseline);
            if (r.mode().endsWith(Mode.ONE_CPU_SUFFIX) && byName.containsKey(baseline + Mode.ONE_CPU_SUFFIX)) {
                base = byName.get(baseline + Mode.ONE_CPU_SUFFIX);
            }
            if (base == null || base.coldStart().isEmpty()) {
                out.add(r);
                continue;
            }
            Map<String, Double> ratios = new LinkedHashMap<>(r.ratios());
            ratios.put(prefix + "coldStart", ratio(r.coldStart(), base.coldStart()));
            ratios.put(prefix + "init", ratio(r.init(), base.init()));
            ratios.put(prefix + "firstInvoke", ratio(r.firstInvoke(), base.firstInvoke()));
            ratios.put(prefix + "warm", ratio(r.warm(), base.warm()));
            ratios.put(prefix + "cacheHit", ratio(r.cacheHit(), base.cacheHit()));
            ratios.put(prefix + "peakRss", ratio(r.peakRssFirst(), base.peakRssFirst()));
            out.add(r.withRatios(ratios));
        }
        return out;
    }

    private static double ratio(Stats a, Stats b) {
        return a.isEmpty() || b.isEmpty() || b.p50() == 0 ? Double.NaN : a.p50() / b.p50();
    }
}
