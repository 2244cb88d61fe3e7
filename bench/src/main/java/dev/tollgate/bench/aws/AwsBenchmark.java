package dev.tollgate.bench.aws;

import dev.tollgate.bench.report.RunStamp;
import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.ResultWriter;
import dev.tollgate.bench.report.Stats;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.SnapStartTimeoutException;

/**
 * AWS mode: cold starts of a deployed function, measured by Lambda itself (the REPORT line).
 *
 * <p>A run is {@code versions} rounds. Each round changes an environment variable
 * ({@value #NONCE_VARIABLE}) so that no execution environment of the old configuration can serve
 * it; with an alias (needed for SnapStart, which only applies to published versions) it then
 * publishes a version, waits until it is active (for SnapStart: the snapshot is taken) and points
 * the alias at it. Then it collects {@code samples} cold starts on that same version:
 *
 * <ol>
 *   <li><b>wave 1</b>: {@code firstAfterPublish} concurrent invocations. The version has no
 *       environment yet, so each one is a cold start, and they are the first restores of the new
 *       snapshot: group {@link Group#FIRST_AFTER_PUBLISH}.
 *   <li><b>later waves</b>: Lambda gives every concurrent request an environment of its own and
 *       reuses idle ones first, so a burst of (environments created so far + cold starts still
 *       wanted) simultaneous invocations makes the missing number of new environments on the same
 *       version, without publishing again (publishing would make a new snapshot and start
 *       the cache over). These are group {@link Group#LATER}; the invocations that land on an
 *       existing environment are warm and pooled with the warm figures. When a wave falls short (a
 *       fast warm invocation finished before the last request of the burst was dispatched, or the
 *       function's concurrency ran out) up to {@value #MAX_LATER_WAVES} waves ask again for the
 *       missing ones. Waiting for Lambda to reclaim idle environments would also force new ones,
 *       but after an unknown time (minutes to hours), so it is not used.
 *   <li><b>warm</b>: {@code warm} sequential invocations.
 * </ol>
 *
 * <p>Every invocation uses {@code LogType=Tail}; every REPORT line is kept. Each {@link Sample}
 * records its group, wave, version and whether Lambda restored a snapshot or ran an on-demand init.
 * {@link ColdStartSummary} gives the percentiles per group and flags restores over
 * {@value ColdStartSummary#RESTORE_LIMIT_MS} ms.
 *
 * <p>Later waves need as much concurrency as {@code samples}: the function's reserved concurrency
 * or the account's unreserved share must allow it, otherwise Lambda throttles and the missing cold
 * starts are reported as failures.
 */
public final class AwsBenchmark {

    public static final String NONCE_VARIABLE = "TOLLGATE_BENCH_NONCE";

    /**
     * Further bursts after the second one when a round still lacks later cold starts: each costs at
     * most {@code samples} invocations, and a function that cannot scale would never fill them.
     */
    static final int MAX_LATER_WAVES = 3;

    /** Exit code of {@link #main} when a restore took longer than {@value ColdStartSummary#RESTORE_LIMIT_MS} ms. */
    public static final int EXIT_RESTORE_OVER_LIMIT = 3;

    /** Which cold starts of a version a sample is. */
    public enum Group {
        /** The first restores of a new snapshot: its tiered cache has not been filled yet. */
        FIRST_AFTER_PUBLISH,
        /** Cold starts of the same version after those: the snapshot is in the cache. */
        LATER
    }

    /** How the environment that served an invocation started, from its REPORT line. */
    public enum Start {
        /** SnapStart: {@code Restore Duration} present. */
        RESTORE,
        /** On-demand: {@code Init Duration} present. */
        ON_DEMAND_INIT,
        /** Neither: the environment had served an invocation before. */
        WARM,
        /** Lambda answered {@code SnapStartTimeoutException}: the restore did not finish in its time limit. */
        RESTORE_TIMEOUT,
        /** No REPORT line (the invocation failed before Lambda wrote one, or the tail lost it). */
        UNKNOWN;

        static Start of(ReportLine report) {
            return report.restoreDurationMs() != null ? RESTORE
                    : report.initDurationMs() != null ? ON_DEMAND_INIT : WARM;
        }
    }

    /**
     * @param function          function name or ARN
     * @param alias             alias to publish behind and invoke; null invokes $LATEST (and the
     *                          "publish" of a round is only the configuration update)
     * @param versions          rounds, each publishing a version
     * @param samples           cold starts per version
     * @param firstAfterPublish how many of them form {@link Group#FIRST_AFTER_PUBLISH} (wave 1);
     *                          1 to {@code samples}
     * @param warm              sequential warm invocations per version, after its cold starts
     * @param event             the event JSON sent on every invocation
     */
    public record Config(String function, String alias, int versions, int samples, int firstAfterPublish,
            int warm, String event) {

        public Config {
            if (versions < 1 || samples < 1) {
                throw new IllegalArgumentException("--versions and --samples must be at least 1");
            }
            if (firstAfterPublish < 1 || firstAfterPublish > samples) {
                throw new IllegalArgumentException("--first-after-publish must be between 1 and --samples ("
                        + samples + "), was " + firstAfterPublish);
            }
            if (warm < 0) {
                throw new IllegalArgumentException("--warm must not be negative");
            }
        }

        /**
         * One cold start per published version, {@code samples} versions: every sample is a first
         * restore after a publish, and nothing measures the later ones.
         */
        public Config(String function, String alias, int samples, int warm, String event) {
            this(function, alias, samples, 1, 1, warm, event);
        }

        /** Cold starts a later wave should add per version. */
        int laterPerVersion() {
            return samples - firstAfterPublish;
        }

        /** The name in the tables: function, and alias when there is one. */
        String label() {
            return function + (alias == null ? "" : ":" + alias);
        }
    }

    /**
     * One invocation meant to be a cold start.
     *
     * @param index         0-based over the run
     * @param round         0-based round (one publish each)
     * @param version       the version that ran it ({@code X-Amz-Executed-Version}, else the one published)
     * @param wave          1 for the burst right after the publish, 2.. for the later bursts, 0 for a
     *                      cold start met in the sequential warm phase
     * @param group         which cold starts of its version it belongs to
     * @param start         restore, on-demand init, or what went wrong
     * @param cold          its REPORT line; null when there was none
     * @param functionError the function's or the Invoke call's error, null when none
     * @param warm          the round's warm REPORT lines (sequential warm phase, and the burst
     *                      invocations that reused an environment); held by the round's first
     *                      sample only, so that pooling over samples counts each once
     * @param warmError     the first error among those warm invocations, on the round's first sample
     */
    public record Sample(int index, int round, String version, int wave, Group group, Start start, ReportLine cold,
            String functionError, List<ReportLine> warm, String warmError) {

        /** True when Lambda reported a restore or an on-demand init for it. */
        public boolean coldStarted() {
            return cold != null && cold.cold();
        }
    }

    /** What one Invoke call returned. */
    record Invocation(ReportLine report, String executedVersion, String error, boolean restoreTimeout) {

        Start start() {
            return report != null ? Start.of(report) : restoreTimeout ? Start.RESTORE_TIMEOUT : Start.UNKNOWN;
        }
    }

    /** What a round invokes, and the version it published. */
    record Target(String qualifier, String version) {}

    private final LambdaClient lambda;
    private final Config config;
    private final PrintStream progress;

    public AwsBenchmark(LambdaClient lambda, Config config, PrintStream progress) {
        this.lambda = lambda;
        this.config = config;
        this.progress = progress;
    }

    /**
     * {@code bench/run --aws ...}.
     *
     * @return 0; 2 for bad options; {@value #EXIT_RESTORE_OVER_LIMIT} when any restore took longer
     *         than {@value ColdStartSummary#RESTORE_LIMIT_MS} ms or timed out (results are written
     *         first)
     */
    public static int main(List<String> argv) throws Exception {
        Config config;
        try {
            config = config(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        System.err.printf("tollgate bench, AWS: %s, %d version(s) x %d cold starts (first %d after each publish), "
                + "%d warm%n", config.label(), config.versions(), config.samples(), config.firstAfterPublish(),
                config.warm());
        try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            List<Sample> samples = new AwsBenchmark(lambda, config, System.err).run();
            ColdStartSummary summary = ColdStartSummary.of(samples, config.firstAfterPublish());
            String stamp = RunStamp.now();
            Path dir = Path.of(System.getProperty("bench.root", "..")).resolve("bench/results/aws-" + stamp);
            String md = write(dir, config, samples, stamp);
            System.out.println(md);
            System.out.println("written: " + dir);
            summary.warnings().forEach(System.err::println);
            return summary.exitCode();
        }
    }

    /**
     * Reads the AWS mode's options.
     *
     * <p>{@code --first-after-publish} defaults to 30 % of {@code --samples}, rounded up: for 100
     * samples that is the first 30 against the last 70, the split of Vadym Kazulkin's published
     * SnapStart measurements (100 cold starts, reported as all and as the last 70, so the
     * first-restore penalty of the tiered cache is visible on its own); for the default 10 it is 3
     * against 7, so both groups have samples.
     *
     * @throws IllegalArgumentException for a missing function or values out of range
     */
    static Config config(List<String> argv) throws java.io.IOException {
        String function = value(argv, "--function", null);
        if (function == null) {
            throw new IllegalArgumentException("--aws needs --function NAME");
        }
        String eventFile = value(argv, "--event", null);
        String event = eventFile == null ? "{}" : Files.readString(Path.of(eventFile));
        int samples = integer(argv, "--samples", argv.contains("--quick") ? 3 : 10);
        // 30 % rounded up, in integers: Math.ceil(10 * 0.3) is 4.
        return new Config(function, value(argv, "--alias", null), integer(argv, "--versions", 1), samples,
                integer(argv, "--first-after-publish", (samples * 3 + 9) / 10),
                integer(argv, "--warm", 10), event);
    }

    /** Runs every round; the samples in order of index. */
    public List<Sample> run() {
        List<Sample> samples = new ArrayList<>();
        for (int round = 0; round < config.versions(); round++) {
            samples.addAll(round(round, samples.size()));
        }
        return samples;
    }

    private List<Sample> round(int round, int firstIndex) {
        Target target = forceColdStart(round);
        List<Sample> samples = new ArrayList<>();
        List<ReportLine> warm = new ArrayList<>();
        String warmError = null;
        int environments = 0;
        for (Invocation inv : wave(target.qualifier(), config.firstAfterPublish())) {
            // On a version nothing has run yet, a warm answer means the cold start was not forced:
            // it stays a sample, and summarise reports it.
            samples.add(sample(firstIndex + samples.size(), round, target, 1, Group.FIRST_AFTER_PUBLISH, inv));
            environments += inv.report() != null && inv.report().cold() ? 1 : 0;
        }
        progressLine(round, target, 1, config.firstAfterPublish(), samples);
        int later = 0;
        for (int wave = 2; later < config.laterPerVersion() && wave <= 1 + MAX_LATER_WAVES; wave++) {
            int before = samples.size();
            int size = environments + config.laterPerVersion() - later;
            for (Invocation inv : wave(target.qualifier(), size)) {
                if (inv.report() != null && !inv.report().cold()) {
                    warm.add(inv.report());
                    warmError = warmError == null ? inv.error() : warmError;
                    continue;
                }
                samples.add(sample(firstIndex + samples.size(), round, target, wave, Group.LATER, inv));
                if (inv.report() != null) {
                    environments++;
                    later++;
                }
            }
            progressLine(round, target, wave, size, samples.subList(before, samples.size()));
        }
        for (int k = 0; k < config.warm(); k++) {
            Invocation inv = invoke(target.qualifier());
            if (inv.report() != null && inv.report().cold()) {
                // Lambda started another environment (it had reclaimed one, or scaled): a later cold start.
                samples.add(sample(firstIndex + samples.size(), round, target, 0, Group.LATER, inv));
                continue;
            }
            if (inv.report() != null) {
                warm.add(inv.report());
            }
            warmError = warmError == null ? inv.error() : warmError;
        }
        Sample head = samples.get(0);
        samples.set(0, new Sample(head.index(), head.round(), head.version(), head.wave(), head.group(),
                head.start(), head.cold(), head.functionError(), List.copyOf(warm), warmError));
        return samples;
    }

    private static Sample sample(int index, int round, Target target, int wave, Group group, Invocation inv) {
        String version = inv.executedVersion() != null ? inv.executedVersion() : target.version();
        return new Sample(index, round, version, wave, group, inv.start(), inv.report(), inv.error(), List.of(), null);
    }

    private void progressLine(int round, Target target, int wave, int size, List<Sample> added) {
        long restores = added.stream().filter(s -> s.start() == Start.RESTORE).count();
        long inits = added.stream().filter(s -> s.start() == Start.ON_DEMAND_INIT).count();
        long hangs = added.stream().filter(ColdStartSummary::overLimit).count();
        progress.printf("[version %d/%d] %s wave %d (%d concurrent): %d restore(s), %d on-demand init(s), "
                        + "%d reused, %d failed%s%n",
                round + 1, config.versions(), target.version(), wave, size, restores, inits,
                size - added.size(), added.size() - restores - inits,
                hangs == 0 ? "" : ", " + hangs + " RESTORE(S) OVER " + ColdStartSummary.RESTORE_LIMIT_MS + " ms");
    }

    /**
     * {@code size} invocations released together: every thread is ready before any request goes
     * out, so none of them can reuse an environment another one of the burst has just freed.
     */
    List<Invocation> wave(String qualifier, int size) {
        ExecutorService pool = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "aws-wave");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch ready = new CountDownLatch(size);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Invocation>> futures = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return invoke(qualifier);
                }));
            }
            ready.await();
            go.countDown();
            List<Invocation> results = new ArrayList<>();
            for (Future<Invocation> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a wave", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("wave invocation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One Invoke with the log tail; an error of the call itself is an {@link Invocation} too, not a throw. */
    Invocation invoke(String qualifier) {
        try {
            InvokeResponse response = lambda.invoke(b -> b.functionName(config.function())
                    .qualifier(qualifier).logType(LogType.TAIL)
                    .payload(SdkBytes.fromString(config.event(), StandardCharsets.UTF_8)));
            String log = response.logResult() == null ? ""
                    : new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
            String error = response.functionError() == null ? null
                    : response.functionError() + ": " + response.payload().asUtf8String();
            return new Invocation(ReportLine.find(log).orElse(null), response.executedVersion(), error, false);
        } catch (SnapStartTimeoutException e) {
            return new Invocation(null, null, "SnapStartTimeoutException: " + e.getMessage(), true);
        } catch (SdkException e) {
            return new Invocation(null, null, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    /**
     * Changes {@value #NONCE_VARIABLE} (keeping every other variable), waits for the update and,
     * with an alias, publishes a version, waits until it is active and points the alias at it.
     */
    Target forceColdStart(int round) {
        GetFunctionConfigurationResponse current = lambda.getFunctionConfiguration(b -> b.functionName(config.function()));
        Map<String, String> variables = new HashMap<>();
        if (current.environment() != null && current.environment().variables() != null) {
            variables.putAll(current.environment().variables());
        }
        variables.put(NONCE_VARIABLE, Long.toString(System.currentTimeMillis()) + "-" + round);
        lambda.updateFunctionConfiguration(b -> b.functionName(config.function())
                .environment(Environment.builder().variables(variables).build()));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName(config.function()));
        if (config.alias() == null) {
            return new Target("$LATEST", "$LATEST");
        }
        PublishVersionResponse published = lambda.publishVersion(b -> b.functionName(config.function())
                .description("tollgate bench round " + round));
        // SnapStart versions take a while to be ready: the snapshot is taken here.
        lambda.waiter().waitUntilPublishedVersionActive(b -> b.functionName(config.function())
                .qualifier(published.version()));
        lambda.updateAlias(b -> b.functionName(config.function()).name(config.alias())
                .functionVersion(published.version()));
        return new Target(config.alias(), published.version());
    }

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
    static String write(Path dir, Config config, List<Sample> samples, String stamp) throws java.io.IOException {
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

    private static int integer(List<String> argv, String name, int fallback) {
        String v = value(argv, name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, was " + v);
        }
    }

    private static String value(List<String> argv, String name, String fallback) {
        int i = argv.indexOf(name);
        return i < 0 || i + 1 >= argv.size() ? fallback : argv.get(i + 1);
    }
}
