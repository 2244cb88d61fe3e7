package dev.tollgate.bench.coldstart;

import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.NpmInstall;
import dev.tollgate.testing.SigningKey;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The local cold-start benchmark: for every mode, fresh processes running the function under a
 * {@link LocalRuntimeApi} (JVMs under the real runtime interface client; the Node.js peer under its
 * own Runtime API loop), with a {@link LoopbackIssuer} and dynalite as the real dependencies, both
 * served over HTTPS by default ({@link HarnessTls}) as production meets them. Modes are interleaved
 * sample by sample (A B C A B C ...), so machine noise hits all of them alike.
 *
 * <p>This class prepares the modes (training runs, class counts) and interleaves the samples;
 * {@link RunFixture} holds the tokens and the function environment, {@link SampleLauncher} launches
 * and measures one sample, and {@link ModeSummaries} turns the samples into the table's rows.
 */
public final class LocalBenchmark {

    public static final String TOLLGATE_HANDLER = AuthorizerHandler.HANDLER;
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

    /**
     * Everything a run needs.
     *
     * @param tollgateClasspath the function jar (tollgate.jar)
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
    private final Map<String, Path> archives = new LinkedHashMap<>();
    private final Map<String, Long> classCounts = new LinkedHashMap<>();
    private final Map<String, Long> sharedClassCounts = new LinkedHashMap<>();
    private final Map<String, String> brokenModes = new LinkedHashMap<>();
    private SampleLauncher launcher;

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
        HarnessTls tls = config.tls() ? HarnessTls.create(config.workDir().resolve("tls")) : null;
        SigningKey key = SigningKey.generate("bench-" + Long.toHexString(System.nanoTime()));
        try (LoopbackIssuer issuer = LoopbackIssuer.builder(key.jwks())
                        .tls(tls == null ? null : tls.serverContext()).start();
                DynaliteServer dynalite = needsDeps ? DynaliteServer.start(config.dynaliteDir(),
                        tls == null ? null : tls.dynaliteHttps()) : null;
                DynaliteTables tables = dynalite == null ? null
                        : new DynaliteTables(dynalite.endpoint(), tls == null ? null : tls.harnessTrustManagers())) {
            RunFixture fixture = RunFixture.seed(key, issuer, dynalite, tables, config.warm());
            launcher = new SampleLauncher(config, fixture, tls);

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
                facts.put("dynaliteGetItemMs", RunFixture.dynaliteReference(tables));
            }
            facts.put("tls", tls != null);
            facts.put("brokenModes", brokenModes);
            facts.put("sharedClassesLoaded", sharedClassCounts);
            return new Run(ModeSummaries.summarise(config.modes(), samples, brokenModes, classCounts,
                    sharedClassCounts), samples, facts);
        }
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
            NpmInstall.ensure(config.nodePeerDir());
        }
        Path logs = config.workDir().resolve("logs").resolve(mode.name() + "-prepare");
        if (mode.cache() != Mode.Cache.NONE) {
            Path archive = config.workDir().resolve(mode.name() + (mode.cache() == Mode.Cache.AOT ? ".aot" : ".jsa"));
            Files.deleteIfExists(archive);
            String flag = mode.cache() == Mode.Cache.AOT ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
            progress.printf("training %s (%s%s)%n", mode.name(), flag, archive.getFileName());
            // The training run does what a sample does, so the archive holds the classes of the
            // cold path, the warm path and the error path; it is dumped when the JVM exits (SIGTERM).
            Sample training = launcher.launchAndMeasure(mode, List.of(flag + archive), logs.resolve("training"), -1, true, true);
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
            Sample counted = launcher.launchAndMeasure(mode, flags, logs.resolve("class-count"), -1, false, false);
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
        return launcher.launchAndMeasure(mode, archiveFlags(mode), logDir, index, true, false);
    }

    /** The flag that uses the mode's trained archive, if it has one. */
    private List<String> archiveFlags(Mode mode) {
        Path archive = archives.get(mode.name());
        if (archive == null) {
            return List.of();
        }
        return List.of((mode.cache() == Mode.Cache.AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
    }

    /** The jars of {@code dir}, sorted by name (a stable classpath: CDS and AOT caches check it). */
    public static List<Path> runtimeLib(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + " (build bench first)", e);
        }
    }
}
