package dev.tollgate.bench.coldstart;

import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.SigningKey;
import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.Stats;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The local cold-start benchmark: for every mode, fresh processes running the function under a
 * {@link LocalRuntimeApi} (JVMs under the real runtime interface client; the Node.js peer under its
 * own Runtime API loop), with a {@link LoopbackIssuer} and dynalite as the real dependencies, both
 * served over HTTPS by default ({@link HarnessTls}) as production meets them. Modes are interleaved
 * sample by sample (A B C A B C ...), so machine noise hits all of them alike.
 */
public final class LocalBenchmark {

    public static final String TOLLGATE_HANDLER = "dev.tollgate.lambda.AuthorizerHandler::handleRequest";
    public static final String HELLO_HANDLER = "dev.tollgate.bench.hello.HelloHandler::handleRequest";
    /** The Node.js peer's entry point in {@link Config#nodePeerDir()}: its Runtime API loop. */
    public static final String NODE_PEER_MAIN = "runtime.mjs";
    public static final String TABLE = "tollgate-bench-permissions";
    /** The audience of the benchmark's tokens. */
    public static final String AUDIENCE = "tollgate-bench";
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    public static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/orders/42";
    public static final List<String> PERMISSIONS = List.of("GET /orders/*", "POST /orders");
    /** CRaC calls go to the runtime client's implementation, as in Lambda's Java runtimes. */
    public static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac";
    private static final Duration FIRST_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(20);
    /** Pause between checkpoint and restore in SnapStart-style samples: lets init's stray work settle. */
    private static final Duration SNAPSHOT_PAUSE = Duration.ofMillis(200);
    /** A training run writes its archive at exit; JDK 25 assembles an AOT cache in a child JVM then. */
    private static final Duration TRAINING_STOP_GRACE = Duration.ofSeconds(120);

    /**
     * Everything a run needs.
     *
     * @param tollgateClasspath the function jar (tollgate.jar), or the stand-in's classpath
     * @param tollgateHandler   handler of the tollgate modes
     * @param helloJar          the baseline jar
     * @param runtimeLib        the runtime interface client and its dependencies
     * @param java17            a JDK 17 home
     * @param java25            a JDK 25 home, or null when none is installed
     * @param dynaliteDir       the pinned dynalite install (package.json)
     * @param workDir           logs, archives, caches
     * @param samples           cold samples per mode
     * @param warm              warm invocations per sample, each with a distinct token and principal
     * @param cacheHits         invocations repeating the first token, per sample
     * @param countClasses      also launch each mode once with -Xlog:class+load (unmeasured)
     * @param tls               serve the issuer and dynalite over HTTPS (production); false: plain HTTP
     * @param nodePeerDir       the Node.js peer (bench/node-peer, with node_modules installed)
     */
    public record Config(List<Path> tollgateClasspath, String tollgateHandler, Path helloJar, Path runtimeLib,
            Path java17, Path java25, Path dynaliteDir, Path workDir, List<Mode> modes, int samples, int warm,
            int cacheHits, int memoryMb, boolean countClasses, boolean tls, Path nodePeerDir) {}

    /** The outcome of a run. */
    public record Run(List<ModeResult> results, List<Sample> samples, Map<String, Object> facts) {}

    /** One progress line rewritten in place on a terminal; a line per sample in CI logs. */
    private static final boolean TTY = System.console() != null;

    private final Config config;
    private final PrintStream progress;
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Path> archives = new LinkedHashMap<>();
    private final Map<String, Long> classCounts = new LinkedHashMap<>();
    private final Map<String, Long> sharedClassCounts = new LinkedHashMap<>();
    private final Map<String, String> brokenModes = new LinkedHashMap<>();
    private Map<String, String> functionEnv = Map.of();
    private String badToken;
    private HarnessTls tls;

    public LocalBenchmark(Config config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    /** True when {@code jar} holds tollgate's Lambda handler class. */
    public static boolean hasTollgateHandler(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("dev/tollgate/lambda/AuthorizerHandler.class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs every mode, interleaved, and summarises. */
    public Run run() throws Exception {
        Files.createDirectories(config.workDir());
        boolean needsDeps = config.modes().stream().anyMatch(m -> m.function() != Mode.Function.HELLO);
        tls = config.tls() ? HarnessTls.create(config.workDir().resolve("tls")) : null;
        SigningKey key = SigningKey.generate("bench-" + Long.toHexString(System.nanoTime()));
        try (LoopbackIssuer issuer = LoopbackIssuer.builder(key.jwks())
                        .tls(tls == null ? null : tls.serverContext()).start();
                DynaliteServer dynalite = needsDeps ? DynaliteServer.start(config.dynaliteDir(),
                        tls == null ? null : tls.dynaliteHttps()) : null;
                DynaliteTables tables = dynalite == null ? null
                        : new DynaliteTables(dynalite.endpoint(), tls == null ? null : tls.harnessTrustManagers())) {
            int pool = config.warm() + 1;
            if (tables != null) {
                tables.createPermissionsTable(TABLE);
            }
            Instant now = Instant.now();
            for (int i = 0; i < pool; i++) {
                String principal = String.format("user-%03d", i);
                if (tables != null) {
                    tables.putPermissions(TABLE, principal, PERMISSIONS);
                }
                tokens.add(key.mint(issuer.issuer(), principal, AUDIENCE, now, TOKEN_LIFETIME));
            }
            badToken = key.mint(issuer.issuer(), "user-000", "someone-else", now, TOKEN_LIFETIME);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TOLLGATE_ISSUER", issuer.issuer());
            env.put("TOLLGATE_AUDIENCE", AUDIENCE);
            env.put("TOLLGATE_JWKS_URI", issuer.jwksUri());
            env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
            env.put("AWS_ACCESS_KEY_ID", DynaliteTables.ACCESS_KEY_ID);
            env.put("AWS_SECRET_ACCESS_KEY", DynaliteTables.SECRET_ACCESS_KEY);
            env.put("AWS_SESSION_TOKEN", "bench-session");
            if (dynalite != null) {
                env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
            }
            // A/B runs of tollgate settings: BENCH_FUNCTION_<NAME>=<value> sets <NAME> for the function.
            System.getenv().forEach((name, value) -> {
                if (name.startsWith("BENCH_FUNCTION_")) {
                    env.put(name.substring("BENCH_FUNCTION_".length()), value);
                }
            });
            functionEnv = Map.copyOf(env);

            for (Mode mode : config.modes()) {
                prepare(mode);
            }
            List<Sample> samples = new ArrayList<>();
            int total = config.samples() * config.modes().size();
            int done = 0;
            for (int i = 0; i < config.samples(); i++) {
                for (Mode mode : config.modes()) {
                    done++;
                    if (brokenModes.containsKey(mode.name())) {
                        continue;
                    }
                    Sample sample = sample(mode, i, config.workDir().resolve("logs").resolve(mode.name() + "-" + i));
                    samples.add(sample);
                    progress.printf((TTY ? "\r" : "") + "[%3d/%3d] %-18s sample %2d/%d: %s          ", done, total, mode.name(),
                            i + 1, config.samples(), sample.ok()
                                    ? String.format("cold %.0f ms, first invoke %.1f ms", sample.coldStartMs(),
                                            sample.firstInvokeMs())
                                    : "FAILED");
                    if (!TTY) {
                        progress.println();
                    }
                    if (!sample.ok()) {
                        progress.printf("%n  %s failed: %s%n", mode.name(), sample.error());
                        if (i == 0) {
                            brokenModes.put(mode.name(), sample.error());
                        }
                    }
                }
            }
            progress.println();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("jwksFetches", issuer.jwksRequests());
            if (tables != null) {
                facts.put("dynaliteGetItemMs", dynaliteReference(tables));
            }
            facts.put("tls", tls != null);
            facts.put("brokenModes", brokenModes);
            facts.put("sharedClassesLoaded", sharedClassCounts);
            return new Run(summarise(samples), samples, facts);
        }
    }

    /**
     * GetItem round trips from the harness's own warmed-up JVM: the floor under every warm
     * invocation that reads a new principal (dynalite on Node.js is slower than DynamoDB).
     */
    private static Stats dynaliteReference(DynaliteTables tables) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String principal = String.format("user-%03d", i % 5);
            long start = System.nanoTime();
            tables.client().getItem(b -> b.tableName(TABLE).key(Map.of("principal",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(principal))));
            if (i >= 20) {
                ms.add(ms(System.nanoTime() - start));
            }
        }
        return Stats.of(ms);
    }

    // ---- preparation: training runs and the class count launch ----

    private void prepare(Mode mode) throws Exception {
        if (mode.jdk() == 25 && config.java25() == null) {
            brokenModes.put(mode.name(), "no JDK 25 installed");
            return;
        }
        if (mode.function() == Mode.Function.NODE) {
            if (!config.tls()) {
                brokenModes.put(mode.name(), "aws-jwt-verify fetches key sets over https only (--plain-http)");
                return;
            }
            dev.tollgate.testing.NpmInstall.ensure(config.nodePeerDir());
        }
        Path logs = config.workDir().resolve("logs").resolve(mode.name() + "-prepare");
        if (mode.cache() != Mode.Cache.NONE) {
            Path archive = config.workDir().resolve(mode.name() + (mode.cache() == Mode.Cache.AOT ? ".aot" : ".jsa"));
            Files.deleteIfExists(archive);
            String flag = mode.cache() == Mode.Cache.AOT ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
            progress.printf("training %s (%s%s)%n", mode.name(), flag, archive.getFileName());
            // The training run does what a sample does, so the archive holds the classes of the
            // cold path, the warm path and the error path; it is dumped when the JVM exits (SIGTERM).
            Sample training = launchAndMeasure(mode, List.of(flag + archive), logs.resolve("training"), -1, true, true);
            if (!training.ok() || !Files.exists(archive)) {
                brokenModes.put(mode.name(), "training run failed: "
                        + (training.ok() ? "no archive written" : training.error()));
                return;
            }
            archives.put(mode.name(), archive);
        }
        if (config.countClasses() && mode.jvm()) {
            Path classLog = logs.resolve("class-load.log");
            Files.createDirectories(logs);
            List<String> flags = new ArrayList<>(archiveFlags(mode));
            flags.add("-Xlog:class+load=info:file=" + classLog);
            Sample counted = launchAndMeasure(mode, flags, logs.resolve("class-count"), -1, false, false);
            if (counted.ok() && Files.exists(classLog)) {
                try (Stream<String> lines = Files.lines(classLog)) {
                    List<String> all = lines.toList();
                    classCounts.put(mode.name(), (long) all.size());
                    sharedClassCounts.put(mode.name(),
                            all.stream().filter(l -> l.contains("shared objects file")).count());
                }
            } else if (!counted.ok()) {
                brokenModes.put(mode.name(), counted.error());
            }
        }
    }

    // ---- one sample ----

    private Sample sample(Mode mode, int index, Path logDir) {
        return launchAndMeasure(mode, archiveFlags(mode), logDir, index, true, false);
    }

    /** The flag that uses the mode's trained archive, if it has one. */
    private List<String> archiveFlags(Mode mode) {
        Path archive = archives.get(mode.name());
        if (archive == null) {
            return List.of();
        }
        return List.of((mode.cache() == Mode.Cache.AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
    }

    private String event(String token) {
        return "{\"type\":\"TOKEN\",\"authorizationToken\":\"Bearer " + token + "\",\"methodArn\":\"" + METHOD_ARN + "\"}";
    }

    /**
     * Launches one JVM for {@code mode} with {@code extraFlags}, measures the first response and,
     * when {@code full}, the warm, cache-hit and bad-token invocations.
     */
    Sample launchAndMeasure(Mode mode, List<String> extraFlags, Path logDir, int index, boolean full,
            boolean training) {
        try (LocalRuntimeApi api = LocalRuntimeApi.start(!mode.snapStart())) {
            FunctionProcess.Spec spec = spec(mode, extraFlags, logDir);
            CompletableFuture<LocalRuntimeApi.Result> first = api.enqueue(event(tokens.get(0)));
            try (FunctionProcess process = FunctionProcess.launch(spec, api)) {
                try {
                    double initMs;
                    double restoreMs = Double.NaN;
                    long coldFrom;
                    if (mode.snapStart()) {
                        long checkpoint = await(api.restoreRequested(), FIRST_RESPONSE_TIMEOUT);
                        initMs = ms(checkpoint - process.launchedNanos());
                        Thread.sleep(SNAPSHOT_PAUSE.toMillis());
                        api.restore();
                        coldFrom = api.restoreReleased().get();
                        restoreMs = ms(await(api.firstNext(), FIRST_RESPONSE_TIMEOUT) - coldFrom);
                    } else {
                        coldFrom = process.launchedNanos();
                        initMs = ms(await(api.firstNext(), FIRST_RESPONSE_TIMEOUT) - coldFrom);
                    }
                    LocalRuntimeApi.Result r = await(first, FIRST_RESPONSE_TIMEOUT);
                    long rssFirst = process.peakRssKb();
                    if (r.error()) {
                        return Sample.failed(mode.name(), index, "first invocation failed: " + r.body()
                                + "\n" + process.logTail(2000));
                    }
                    double coldMs = ms(r.respondedNanos() - coldFrom);
                    double firstMs = ms(r.invokeNanos());
                    List<Double> warm = new ArrayList<>();
                    List<Double> hits = new ArrayList<>();
                    if (full) {
                        for (int i = 1; i < tokens.size() && i <= config.warm(); i++) {
                            warm.add(invoke(api, tokens.get(i), mode));
                        }
                        for (int i = 0; i < config.cacheHits(); i++) {
                            hits.add(invoke(api, tokens.get(0), mode));
                        }
                        if (mode.function() != Mode.Function.HELLO) {
                            // Keeps the error path in training runs and checks it stays "Unauthorized".
                            LocalRuntimeApi.Result bad = await(api.enqueue(event(badToken)), INVOKE_TIMEOUT);
                            if (!bad.error() || !"Unauthorized".equals(bad.errorMessage())) {
                                return Sample.failed(mode.name(), index,
                                        "a token for another audience was not refused with Unauthorized: " + bad.body());
                            }
                        }
                    }
                    long rssEnd = process.peakRssKb();
                    return new Sample(mode.name(), index, coldMs, initMs, restoreMs, firstMs, warm, hits,
                            rssFirst, rssEnd, r.body(), null);
                } catch (TimeoutException | ExecutionException e) {
                    return Sample.failed(mode.name(), index, describe(e) + "\n" + process.logTail(2000));
                } finally {
                    if (training) {
                        process.stop(TRAINING_STOP_GRACE);
                    }
                }
            }
        } catch (IOException e) {
            return Sample.failed(mode.name(), index, "cannot launch: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sample.failed(mode.name(), index, "interrupted");
        }
    }

    private double invoke(LocalRuntimeApi api, String token, Mode mode)
            throws InterruptedException, ExecutionException, TimeoutException {
        LocalRuntimeApi.Result r = await(api.enqueue(event(token)), INVOKE_TIMEOUT);
        if (r.error()) {
            throw new ExecutionException(new IllegalStateException(mode.name() + ": invocation failed: " + r.body()));
        }
        return ms(r.invokeNanos());
    }

    FunctionProcess.Spec spec(Mode mode, List<String> extraFlags, Path logDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(functionEnv);
        env.putAll(mode.env());
        FunctionProcess.Spec spec;
        if (mode.function() == Mode.Function.NODE) {
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs20.x");
            env.put("PEER_ISSUER", functionEnv.get("TOLLGATE_ISSUER"));
            env.put("PEER_AUDIENCE", functionEnv.get("TOLLGATE_AUDIENCE"));
            env.put("PEER_JWKS_URI", functionEnv.get("TOLLGATE_JWKS_URI"));
            env.put("PEER_TABLE", functionEnv.get("TOLLGATE_PERMISSIONS_TABLE"));
            if (tls != null) {
                env.put("NODE_EXTRA_CA_CERTS", tls.caPem().toString());
            }
            spec = new FunctionProcess.Spec(List.of("node", config.nodePeerDir().resolve(NODE_PEER_MAIN).toString()),
                    "index.handler", env, config.memoryMb(), logDir);
        } else {
            Path javaHome = mode.jdk() == 25 ? config.java25() : config.java17();
            List<String> flags = new ArrayList<>(mode.flags());
            if (tls != null && mode.function() == Mode.Function.TOLLGATE) {
                flags.addAll(tls.jvmFlags(javaHome));
            }
            flags.addAll(extraFlags);
            if (mode.snapStart()) {
                flags.add(CRAC_COMPAT);
                env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            }
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java" + mode.jdk());
            List<Path> classpath = new ArrayList<>();
            String handler;
            if (mode.function() == Mode.Function.HELLO) {
                classpath.add(config.helloJar());
                handler = HELLO_HANDLER;
            } else {
                if (mode.jar() != null) {
                    classpath.add(mode.jar().toAbsolutePath());
                } else {
                    classpath.addAll(config.tollgateClasspath());
                }
                handler = config.tollgateHandler();
            }
            classpath.addAll(runtimeLib(config.runtimeLib()));
            spec = FunctionProcess.Spec.java(javaHome.resolve("bin/java"), flags, classpath, handler, env,
                    config.memoryMb(), logDir);
        }
        return mode.oneCpu() ? spec.pinnedToOneCpu() : spec;
    }

    /** The jars of {@code dir}, sorted by name (a stable classpath: CDS and AOT caches check it). */
    public static List<Path> runtimeLib(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + " (build bench first)", e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TimeoutException ? "timed out" : cause.getMessage();
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    // ---- summary ----

    private List<ModeResult> summarise(List<Sample> samples) {
        Map<String, List<Sample>> byMode = samples.stream()
                .collect(Collectors.groupingBy(Sample::mode, LinkedHashMap::new, Collectors.toList()));
        List<ModeResult> results = new ArrayList<>();
        for (Mode mode : config.modes()) {
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
