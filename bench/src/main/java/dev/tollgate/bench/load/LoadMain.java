package dev.tollgate.bench.load;

import dev.tollgate.bench.report.RunStamp;
import dev.tollgate.bench.BenchMain;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.config.Settings;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.wiring.Components;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.Permission;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bench/run --load}: a sustained-load run of the real handler in this JVM, bounded in time.
 *
 * <pre>
 * --duration 60s      measured window per phase (s, ms or m suffix; plain numbers are seconds)
 * --warmup 5s         unmeasured warm-up before each phase
 * --threads 2,1       phases, one per thread count (default: the number of cores, then 1)
 * --principals 1000   distinct principals
 * --tokens 2000       distinct valid tokens (the verified-token cache holds 1000 by default)
 * --invalid-share 0.1 share of requests with an invalid token
 * --pool 8192         pre-built events the workers draw from
 * --dynalite          permissions from dynalite through the production DynamoDB transport (default: memory)
 * --out DIR           results parent (default bench/results); writes DIR/load-&lt;timestamp&gt;/
 * </pre>
 *
 * Wiring as in production ({@code SettingsReader.read}, {@code Components.create}, {@code new
 * AuthorizerHandler(components)}) with keys inline ({@code TOLLGATE_JWKS_JSON}); decision lines at
 * INFO go to a counting null stream.
 */
public final class LoadMain {
    static final String TABLE = "tollgate-load-permissions";

    private LoadMain() {}

    /** Parsed options. */
    record Options(Duration duration, Duration warmup, List<Integer> threads, int principals, int tokens,
            double invalidShare, int pool, boolean dynalite, Path out, long seed) {

        static Options parse(List<String> argv, Path defaultOut) {
            int cores = Runtime.getRuntime().availableProcessors();
            String threadList = BenchMain.option(argv, "--threads", cores == 1 ? "1" : cores + ",1");
            List<Integer> threads = new ArrayList<>();
            for (String t : threadList.split(",")) {
                int n = Integer.parseInt(t.strip());
                if (n < 1) {
                    throw new IllegalArgumentException("--threads must be >= 1");
                }
                threads.add(n);
            }
            return new Options(LoadMain.duration(BenchMain.option(argv, "--duration", "60s")),
                    LoadMain.duration(BenchMain.option(argv, "--warmup", "5s")),
                    List.copyOf(threads), Integer.parseInt(BenchMain.option(argv, "--principals", "1000")),
                    Integer.parseInt(BenchMain.option(argv, "--tokens", "2000")),
                    Double.parseDouble(BenchMain.option(argv, "--invalid-share", "0.1")),
                    Integer.parseInt(BenchMain.option(argv, "--pool", "8192")), argv.contains("--dynalite"),
                    Path.of(BenchMain.option(argv, "--out", defaultOut.toString())),
                    Long.parseLong(BenchMain.option(argv, "--seed", "7")));
        }
    }

    /** The outcome of {@link #run}: the phases, the Markdown and where it was written. */
    record Result(List<LoadReport.Phase> phases, String markdown, Path dir) {

        /** Every phase error-free and every outcome seen in each. */
        boolean ok() {
            return phases.stream().allMatch(p -> p.clean()
                    && p.outcomes().get(Outcome.ALLOW) > 0 && p.outcomes().get(Outcome.DENY) > 0
                    && p.outcomes().get(Outcome.UNAUTHORIZED) > 0);
        }
    }

    /** Entry from {@code BenchMain}: returns the exit code (0 clean, 1 errors, 2 bad usage). */
    public static int main(List<String> argv) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(argv, root.resolve("bench/results"));
        } catch (RuntimeException e) {
            System.err.println("bad --load option: " + e.getMessage());
            return 2;
        }
        Result result = run(options, root, "bench/run " + String.join(" ", argv), System.err);
        System.out.println();
        System.out.println(result.markdown());
        System.out.println("written: " + result.dir());
        return result.ok() ? 0 : 1;
    }

    /** Sets up, runs every phase, writes {@code load.md} and {@code load.json}; progress goes to {@code progress}. */
    static Result run(Options options, Path root, String command, PrintStream progress) throws Exception {
        String stamp = RunStamp.now();
        progress.printf(Locale.ROOT, "load: generating %d tokens for %d principals ...%n", options.tokens(),
                options.principals());
        TrafficMix mix = TrafficMix.generate(new TrafficMix.Spec(options.principals(), options.tokens(),
                options.invalidShare(), options.pool(), options.seed()));

        Map<String, String> env = new HashMap<>();
        env.put("TOLLGATE_ISSUER", TrafficMix.ISSUER);
        env.put("TOLLGATE_AUDIENCE", TrafficMix.AUDIENCE);
        env.put("TOLLGATE_JWKS_JSON", mix.jwksJson());
        env.put("TOLLGATE_PERMISSIONS_TABLE", TABLE);
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put("AWS_REGION", "us-east-1"); // as Lambda sets it
        Settings settings = SettingsReader.read(env);

        List<LoadReport.Phase> phases = new ArrayList<>();
        CountingLog log = new CountingLog();
        DynaliteServer dynalite = null;
        String store;
        try {
            PermissionStore permissions;
            if (options.dynalite()) {
                dynalite = startDynalite(root, mix, progress);
                // The default transport (signed HTTP); credentials from the aws.* system properties set above.
                Map<String, String> withEndpoint = new HashMap<>(env);
                withEndpoint.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
                DynamoDbSettings dynamoDb = SettingsReader.read(withEndpoint).dynamoDb();
                permissions = DynamoDbPermissionStore.overHttp(TABLE, dynamoDb, false);
                store = "dynalite " + dynalite.endpoint() + " through DynamoDbPermissionStore (production HTTP transport)";
            } else {
                permissions = memoryStore(mix.permissions());
                store = "in memory (a map lookup)";
            }
            Log.configure(settings.observability().logLevel());
            Log.redirect(log);
            AuthorizerHandler handler = new AuthorizerHandler(Components.create(settings, permissions, Clock.systemUTC()));
            LoadRun load = new LoadRun(handler, mix, log, progress);
            for (int threads : options.threads()) {
                phases.add(load.run(threads, options.warmup(), options.duration(), options.seed() * 31 + threads));
            }
        } finally {
            Log.redirect(null);
            if (dynalite != null) {
                dynalite.close();
            }
        }

        MemoryProbe probe = new MemoryProbe();
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", JDK " + System.getProperty("java.runtime.version"));
        notes.put("JVM", "flags " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList() + ", collectors " + probe.collectorNames() + ", max heap "
                + Math.round(LoadReport.mib(Runtime.getRuntime().maxMemory())) + " MiB");
        notes.put("traffic", String.format(Locale.ROOT,
                "%d principals, %d valid RS256 tokens, %.0f %% invalid tokens (expired, bad signature, garbage, "
                        + "unknown key), REST TOKEN / REST REQUEST / HTTP API 2.0 in turn, %d pre-built events drawn at "
                        + "random; expected per event %s", options.principals(), options.tokens(),
                options.invalidShare() * 100, options.pool(), mix.expectedCounts()));
        notes.put("permissions", store + ", behind the production permission cache (default TTLs)");
        notes.put("phases", options.threads() + " thread(s), in this order, each " + options.warmup().toSeconds()
                + " s warm-up then " + options.duration().toSeconds() + " s measured, one handler for all (caches "
                + "stay warm between phases); closed loop, no think time");
        notes.put("req/s per core", "req/s divided by min(threads, cores); req per CPU-s: requests divided by the "
                + "process CPU time of the window (GC and JIT included)");
        notes.put("errors", "invocations that failed other than with Unauthorized, or whose outcome differs from "
                + "what the rules call for");
        notes.put("memory flat", String.format(Locale.ROOT, "the last quarter's maximum of the per-second samples "
                + "is within the first quarter's maximum plus %.0f %% (at least %.0f MiB) for heap after GC, plus %.0f %% "
                + "(at least %.0f MiB) for RSS; heap after GC = heap occupancy left by the most recent collection "
                + "(GcInfo, no System.gc())", LoadReport.HEAP_TOLERANCE_FRACTION * 100, LoadReport.HEAP_TOLERANCE_MIN_MIB,
                LoadReport.RSS_TOLERANCE_FRACTION * 100, LoadReport.RSS_TOLERANCE_MIN_MIB));
        String title = "tollgate sustained load (" + command.strip() + ", " + stamp + ")";
        String markdown = LoadReport.markdown(title, notes, phases, true);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command.strip());
        json.put("timestamp", stamp);
        json.put("notes", notes);
        json.put("options", Map.of("durationSeconds", options.duration().toMillis() / 1000.0,
                "warmupSeconds", options.warmup().toMillis() / 1000.0, "threads", options.threads(),
                "principals", options.principals(), "tokens", options.tokens(),
                "invalidShare", options.invalidShare(), "pool", options.pool(), "dynalite", options.dynalite()));
        json.put("phases", phases);
        Path dir = options.out().resolve("load-" + stamp);
        LoadReport.write(dir, markdown, json);
        return new Result(List.copyOf(phases), markdown, dir);
    }

    static PermissionStore memoryStore(Map<String, List<String>> permissions) {
        Map<String, PermissionSet> sets = new HashMap<>();
        permissions.forEach((principal, granted) -> {
            Set<Permission> parsed = new LinkedHashSet<>();
            for (String g : granted) {
                parsed.add(Permission.parse(g).orElseThrow());
            }
            sets.put(principal, new PermissionSet(parsed, null, null, false));
        });
        Map<String, PermissionSet> frozen = Map.copyOf(sets);
        return query -> Optional.ofNullable(frozen.get(query.principal())).orElse(PermissionSet.NONE);
    }

    private static DynaliteServer startDynalite(Path root, TrafficMix mix, PrintStream progress) throws Exception {
        if (!DynaliteServer.nodeAvailable()) {
            throw new IllegalStateException("--dynalite needs node on the PATH");
        }
        DynaliteServer dynalite = DynaliteServer.start(root.resolve(DynaliteServer.INSTALL_DIR), null);
        try (DynaliteTables tables = new DynaliteTables(dynalite.endpoint())) {
            tables.createPermissionsTable(TABLE);
            progress.printf(Locale.ROOT, "load: writing %d principals to dynalite ...%n", mix.permissions().size());
            mix.permissions().forEach((principal, granted) -> tables.putPermissions(TABLE, principal, granted));
        }
        // The production client reads region, endpoint and credentials the SDK's way.
        System.setProperty("aws.endpointUrlDynamoDb", dynalite.endpoint().toString());
        System.setProperty("aws.region", DynaliteTables.REGION);
        System.setProperty("aws.accessKeyId", DynaliteTables.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", DynaliteTables.SECRET_ACCESS_KEY);
        return dynalite;
    }

    /** {@code 60s}, {@code 500ms}, {@code 2m}, or a plain number of seconds. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }
}
