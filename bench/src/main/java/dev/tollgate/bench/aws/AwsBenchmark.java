package dev.tollgate.bench.aws;

import dev.tollgate.bench.aws.DeployedFunction.Invocation;
import dev.tollgate.bench.aws.DeployedFunction.Target;
import dev.tollgate.bench.report.RunStamp;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

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
 * <p>This class holds the run's plan and its records; {@link DeployedFunction} makes the Lambda
 * calls, {@link AwsOptions} reads the command line and {@link AwsResults} turns the samples into
 * the table and the files.
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

    private final DeployedFunction function;
    private final Config config;
    private final PrintStream progress;

    public AwsBenchmark(LambdaClient lambda, Config config, PrintStream progress) {
        this.function = new DeployedFunction(lambda, config);
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
            config = AwsOptions.read(argv);
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
            String md = AwsResults.write(dir, config, samples, stamp);
            System.out.println(md);
            System.out.println("written: " + dir);
            summary.warnings().forEach(System.err::println);
            return summary.exitCode();
        }
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
        Target target = function.forceColdStart(round);
        List<Sample> samples = new ArrayList<>();
        List<ReportLine> warm = new ArrayList<>();
        String warmError = null;
        int environments = 0;
        for (Invocation inv : function.wave(target.qualifier(), config.firstAfterPublish())) {
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
            for (Invocation inv : function.wave(target.qualifier(), size)) {
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
            Invocation inv = function.invoke(target.qualifier());
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
}
