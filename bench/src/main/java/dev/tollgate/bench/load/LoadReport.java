package dev.tollgate.bench.load;

import dev.tollgate.bench.report.MarkdownTable;
import dev.tollgate.testing.PrettyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a load run and how they are written: a Markdown table ({@code load.md}) and JSON
 * with every per-second sample ({@code load.json}). Latencies in microseconds, memory in MiB.
 */
final class LoadReport {
    /** Heap after GC is flat when the last quarter's max is within 10 % (at least 8 MiB) of the first quarter's. */
    static final double HEAP_TOLERANCE_FRACTION = 0.10;
    static final double HEAP_TOLERANCE_MIN_MIB = 8;
    /** RSS is flat when the last quarter's max is within 5 % (at least 16 MiB) of the first quarter's. */
    static final double RSS_TOLERANCE_FRACTION = 0.05;
    static final double RSS_TOLERANCE_MIN_MIB = 16;
    private static final double MIB = 1024.0 * 1024.0;

    private LoadReport() {}

    /**
     * One second of the measured window.
     *
     * @param second        1-based second of the measured window (the sample is taken at its end)
     * @param requests      requests completed in that second
     * @param p50Us         latency p50 of that second (3 % buckets)
     * @param p99Us         latency p99 of that second
     * @param maxUs         latency max of that second
     * @param heapUsedMiB   heap in use at the sample (saw-tooths with allocation)
     * @param heapAfterGcMiB heap left by the most recent collection; -1 before the first
     * @param lastGc        collector of the most recent collection
     * @param gcCount       collections since the start of the measured window
     * @param gcTimeMs      their accumulated time
     * @param nonHeapMiB    metaspace, code cache and other non-heap pools in use
     * @param rssMiB        resident set size (VmRSS); -1 off Linux
     */
    record Sample(int second, long requests, double p50Us, double p99Us, double maxUs, double heapUsedMiB,
            double heapAfterGcMiB, String lastGc, long gcCount, long gcTimeMs, double nonHeapMiB, double rssMiB) {

        static Sample of(int second, LatencyHistogram h, MemoryProbe.Reading r, MemoryProbe.Reading start) {
            return new Sample(second, h.count(), us(h.percentile(50)), us(h.percentile(99)), us(h.max()),
                    mib(r.heapUsedBytes()), r.heapAfterGcBytes() < 0 ? -1 : mib(r.heapAfterGcBytes()), r.lastGc(),
                    r.gcCount() - start.gcCount(), r.gcTimeMs() - start.gcTimeMs(), mib(r.nonHeapUsedBytes()),
                    r.rssBytes() < 0 ? -1 : mib(r.rssBytes()));
        }

        Sample withLatency(LatencyHistogram h) {
            return new Sample(second, h.count(), us(h.percentile(50)), us(h.percentile(99)), us(h.max()), heapUsedMiB,
                    heapAfterGcMiB, lastGc, gcCount, gcTimeMs, nonHeapMiB, rssMiB);
        }

        String progressLine(int threads) {
            return String.format(Locale.ROOT,
                    "[%d thr] %3d s  %,8d req/s  p50 %7.1f us  p99 %8.1f us  heap %6.1f MiB (after GC %6.1f)  "
                            + "RSS %6.1f MiB  GC %d (%d ms)",
                    threads, second, requests, p50Us, p99Us, heapUsedMiB, heapAfterGcMiB, rssMiB, gcCount, gcTimeMs);
        }
    }

    /**
     * First-quarter versus last-quarter comparison of one memory series.
     *
     * @param metric           {@code heapAfterGc} or {@code rss}
     * @param firstQuarterMaxMiB max over the first quarter of the samples
     * @param lastQuarterMaxMiB  max over the last quarter
     * @param toleranceMiB     allowed growth
     * @param flat             growth within tolerance; null when there are too few samples to say
     * @param note             why {@code flat} is null, or a caveat
     */
    record Flatness(String metric, double firstQuarterMaxMiB, double lastQuarterMaxMiB, double toleranceMiB,
            Boolean flat, String note) {

        static Flatness of(String metric, List<Double> series, double fraction, double minMiB, String caveat) {
            List<Double> values = series.stream().filter(v -> v >= 0).toList();
            if (values.size() < 2) {
                return new Flatness(metric, Double.NaN, Double.NaN, Double.NaN, null, "fewer than 2 samples");
            }
            int q = Math.max(1, values.size() / 4);
            double first = values.subList(0, q).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double last = values.subList(values.size() - q, values.size()).stream().mapToDouble(Double::doubleValue)
                    .max().orElseThrow();
            double tolerance = Math.max(fraction * first, minMiB);
            return new Flatness(metric, first, last, tolerance, last <= first + tolerance, caveat);
        }

        String cell() {
            if (flat == null) {
                return "- (" + note + ")";
            }
            return String.format(Locale.ROOT, "%.1f -> %.1f (%+.1f)", firstQuarterMaxMiB, lastQuarterMaxMiB,
                    lastQuarterMaxMiB - firstQuarterMaxMiB);
        }
    }

    /** Everything about one phase (one thread count). */
    record Phase(int threads, int cores, double warmupSeconds, double seconds, long requests, double throughput,
            double throughputPerCore, double requestsPerCpuSecond, double cpuCores, double p50Us, double p90Us,
            double p99Us, double p999Us, double maxUs, double meanUs, Map<Outcome, Long> outcomes, long mismatches,
            long errors, List<String> errorSamples, double logBytesPerDecision, long logLines, long gcCount,
            long gcTimeMs, Flatness heapAfterGc, Flatness rss, List<Sample> samples) {

        static Phase of(int threads, int cores, Duration warmup, double seconds, double cpuSeconds,
                LatencyHistogram h, Map<Outcome, Long> outcomes, long mismatches, long errors, List<String> errorSamples,
                long logBytes, long logLines, long gcCount, long gcTimeMs, List<Sample> samples) {
            double throughput = h.count() / seconds;
            // Two quarters without a single collection would compare the same stale figure.
            long gcFirst = samples.isEmpty() ? 0 : samples.get(Math.max(0, samples.size() / 4 - 1)).gcCount();
            long gcLastQuarter = samples.isEmpty() ? 0
                    : samples.get(samples.size() - 1).gcCount() - samples.get(samples.size() - 1 - samples.size() / 4).gcCount();
            String heapCaveat = gcLastQuarter == 0 || gcFirst == 0 ? "no collection in the first or last quarter" : null;
            Flatness heap = Flatness.of("heapAfterGc", samples.stream().map(Sample::heapAfterGcMiB).toList(),
                    HEAP_TOLERANCE_FRACTION, HEAP_TOLERANCE_MIN_MIB, heapCaveat);
            Flatness rss = Flatness.of("rss", samples.stream().map(Sample::rssMiB).toList(),
                    RSS_TOLERANCE_FRACTION, RSS_TOLERANCE_MIN_MIB, null);
            return new Phase(threads, cores, warmup.toMillis() / 1000.0, seconds, h.count(), throughput,
                    throughput / Math.min(threads, cores), h.count() / cpuSeconds, cpuSeconds / seconds,
                    us(h.percentile(50)), us(h.percentile(90)), us(h.percentile(99)), us(h.percentile(99.9)),
                    us(h.max()), h.mean() / 1000.0, outcomes, mismatches, errors, errorSamples,
                    h.count() == 0 ? Double.NaN : (double) logBytes / h.count(), logLines, gcCount, gcTimeMs,
                    heap, rss, samples);
        }

        /** Every outcome seen, no error, no decision other than the rules call for. */
        boolean clean() {
            return errors == 0 && mismatches == 0 && requests > 0;
        }

        boolean memoryFlat() {
            return !Boolean.FALSE.equals(heapAfterGc.flat()) && !Boolean.FALSE.equals(rss.flat());
        }
    }

    /** The summary table, one row per phase, then each phase's per-second series. */
    static String markdown(String title, Map<String, String> notes, List<Phase> phases, boolean withSeries) {
        MarkdownTable table = new MarkdownTable("threads", "requests", "req/s", "req/s per core", "req per CPU-s",
                "latency p50 / p90 / p99 / p99.9 / max us", "ALLOW / DENY / UNAUTHORIZED", "errors",
                "log B per decision", "GC count (ms)", "heap after GC MiB, Q1 max -> Q4 max",
                "RSS MiB, Q1 max -> Q4 max", "memory flat");
        for (Phase p : phases) {
            table.row(format("%d", p.threads()), format("%,d", p.requests()), format("%,.0f", p.throughput()),
                    format("%,.0f", p.throughputPerCore()), format("%,.0f", p.requestsPerCpuSecond()),
                    format("%.1f / %.1f / %.1f / %.1f / %.1f", p.p50Us(), p.p90Us(), p.p99Us(), p.p999Us(), p.maxUs()),
                    format("%,d / %,d / %,d", p.outcomes().get(Outcome.ALLOW), p.outcomes().get(Outcome.DENY),
                            p.outcomes().get(Outcome.UNAUTHORIZED)),
                    format("%d", p.errors() + p.mismatches()), format("%.0f", p.logBytesPerDecision()),
                    format("%d (%d)", p.gcCount(), p.gcTimeMs()), p.heapAfterGc().cell(), p.rss().cell(), verdict(p));
        }
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n").append(table)
                .append(MarkdownTable.notes(notes));
        for (Phase p : phases) {
            if (!p.errorSamples().isEmpty()) {
                md.append("\nErrors and mismatches with ").append(p.threads()).append(" thread(s), first ")
                        .append(p.errorSamples().size()).append(":\n");
                p.errorSamples().forEach(e -> md.append("- ").append(e).append('\n'));
            }
        }
        if (withSeries) {
            for (Phase p : phases) {
                md.append("\n#### ").append(p.threads()).append(" thread(s): every second\n\n");
                MarkdownTable series = new MarkdownTable("s", "requests", "p50 us", "p99 us", "max us",
                        "heap used MiB", "heap after GC MiB", "GC count (ms)", "non-heap MiB", "RSS MiB");
                for (Sample s : p.samples()) {
                    series.row(format("%d", s.second()), format("%,d", s.requests()), format("%.1f", s.p50Us()),
                            format("%.1f", s.p99Us()), format("%.1f", s.maxUs()), format("%.1f", s.heapUsedMiB()),
                            format("%.1f", s.heapAfterGcMiB()), format("%d (%d)", s.gcCount(), s.gcTimeMs()),
                            format("%.1f", s.nonHeapMiB()), format("%.1f", s.rssMiB()));
                }
                md.append(series);
            }
        }
        return md.toString();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String verdict(Phase p) {
        String heap = p.heapAfterGc().flat() == null ? "heap ?" : p.heapAfterGc().flat() ? "heap yes" : "heap NO";
        String rss = p.rss().flat() == null ? "RSS ?" : p.rss().flat() ? "RSS yes" : "RSS NO";
        return heap + ", " + rss;
    }

    /** Writes {@code load.md} and {@code load.json} to {@code dir}. */
    static void write(Path dir, String markdown, Object json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("load.md"), markdown);
        PrettyJson.write(dir.resolve("load.json"), json);
    }

    static double us(long nanos) {
        return nanos / 1000.0;
    }

    static double mib(long bytes) {
        return bytes / MIB;
    }
}
