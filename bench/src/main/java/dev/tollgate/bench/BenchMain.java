package dev.tollgate.bench;

import dev.tollgate.bench.report.RunStamp;
import dev.tollgate.bench.aws.AwsBenchmark;
import dev.tollgate.bench.load.LoadMain;
import dev.tollgate.bench.coldstart.LocalBenchmark;
import dev.tollgate.bench.coldstart.Mode;
import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.ResultWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness entry point, run by {@code bench/run}.
 *
 * <pre>
 * local (default): [--quick] [--samples N] [--warm N] [--modes a,b,...] [--one-cpu] [--plain-http]
 *                  [--compare-jar JAR] [--out DIR] [--no-class-count]
 * AWS:             --aws --function NAME [--alias ALIAS] [--samples N] [--versions V]
 *                  [--first-after-publish F] [--warm N] [--event FILE]
 * sustained load:  --load [--duration 60s] [--threads N[,M]] [--principals N] [--tokens N] [--dynalite]
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        // Before any HttpServer class loads: see LocalRuntimeApi.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        List<String> argv = Arrays.asList(args);
        if (argv.contains("--help") || argv.contains("-h")) {
            System.out.println(usage());
            return;
        }
        if (argv.contains("--http-clients")) {
            dev.tollgate.bench.httpclient.HttpClientStartup.main(
                    argv.stream().filter(a -> !a.startsWith("--")).toArray(String[]::new));
            System.exit(0);
        }
        int code = argv.contains("--load") ? LoadMain.main(argv)
                : argv.contains("--aws") ? AwsBenchmark.main(argv) : local(argv);
        System.exit(code);
    }

    static String usage() {
        return String.join("\n",
                "bench/run [--quick] [--samples N] [--warm N] [--modes m1,m2] [--one-cpu] [--plain-http] [--out DIR]",
                "  --one-cpu pins every mode to one CPU (taskset -c 0); or name a mode with the suffix "
                        + Mode.ONE_CPU_SUFFIX + " (j17-c1" + Mode.ONE_CPU_SUFFIX + ")",
                "  --plain-http serves the issuer and dynalite without TLS (production uses TLS)",
                "  --compare-jar JAR adds, for every tollgate mode, a twin <mode>" + Mode.COMPARE_SUFFIX
                        + " running JAR (an A/B in the same run)",
                "bench/run --aws --function NAME [--alias ALIAS] [--samples N] [--versions V] [--first-after-publish F] "
                        + "[--warm N] [--event FILE]",
                "bench/run --jmh [JMH options]",
                "bench/run --http-clients [ROUNDS]   url-connection vs AWS CRT: SDK client build + first GetItem",
                "bench/run --load [--duration 60s] [--warmup 5s] [--threads N[,M]] [--principals N] [--tokens N] [--dynalite]",
                "modes: " + String.join(", ", Mode.ALL.keySet()),
                "default modes: " + String.join(",", Mode.DEFAULT));
    }

    /** The value after {@code name} in {@code argv}, or {@code fallback} when absent. */
    public static String option(List<String> argv, String name, String fallback) {
        int i = argv.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= argv.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return argv.get(i + 1);
    }

    private static int local(List<String> argv) throws Exception {
        boolean quick = argv.contains("--quick");
        int samples = Integer.parseInt(option(argv, "--samples", quick ? "3" : "15"));
        int warm = Integer.parseInt(option(argv, "--warm", quick ? "10" : "30"));
        int cacheHits = Integer.parseInt(option(argv, "--cache-hits", quick ? "10" : "30"));
        boolean oneCpu = argv.contains("--one-cpu");
        List<Mode> modes = new ArrayList<>();
        for (String name : option(argv, "--modes", String.join(",", Mode.DEFAULT)).split(",")) {
            Mode mode = Mode.named(name.strip());
            if (mode == null) {
                System.err.println("unknown mode " + name + "\n" + usage());
                return 2;
            }
            modes.add(oneCpu && !mode.oneCpu() ? mode.pinnedToOneCpu() : mode);
        }
        String compareJar = option(argv, "--compare-jar", null);
        if (compareJar != null) {
            // A/B against another build in the same run: every tollgate mode gets a twin on that jar.
            Path other = Path.of(compareJar).toAbsolutePath();
            List<Mode> withTwins = new ArrayList<>();
            for (Mode mode : modes) {
                withTwins.add(mode);
                if (mode.function() == Mode.Function.TOLLGATE) {
                    withTwins.add(mode.withJar(other));
                }
            }
            modes = withTwins;
        }
        Path root = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
        Path benchDir = root.resolve("bench");
        Path target = benchDir.resolve("target");
        Path tollgateJar = Path.of(System.getProperty("bench.tollgate.jar", root.resolve("target/tollgate.jar").toString()));
        if (!Files.exists(tollgateJar)) {
            System.err.println(tollgateJar + " is missing: build it with ./mvnw -B -q package -DskipTests -DskipNpm");
            return 2;
        }
        if (!LocalBenchmark.hasTollgateHandler(tollgateJar)
                && modes.stream().anyMatch(m -> m.function() == Mode.Function.TOLLGATE)) {
            System.err.println(tollgateJar + " has no dev.tollgate.lambda.AuthorizerHandler");
            return 2;
        }
        List<Path> functionClasspath = List.of(tollgateJar.toAbsolutePath());
        String handler = LocalBenchmark.TOLLGATE_HANDLER;
        Path java25 = Path.of(System.getProperty("bench.java25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        String stamp = RunStamp.now();
        Path results = Path.of(option(argv, "--out", benchDir.resolve("results").toString()));
        LocalBenchmark.Config config = new LocalBenchmark.Config(
                functionClasspath, handler,
                helloJar(target),
                target.resolve("runtime-lib"),
                Path.of(System.getProperty("java.home")),
                Files.isExecutable(java25.resolve("bin/java")) ? java25 : null,
                root.resolve("test-support/dynalite"),
                target.resolve("bench-work"),
                modes, samples, warm, cacheHits, 512, !argv.contains("--no-class-count"),
                !argv.contains("--plain-http"), benchDir.resolve("node-peer"));
        System.err.printf("tollgate bench: %d modes x %d cold samples, %d warm + %d cache-hit invocations each%n",
                modes.size(), samples, warm, cacheHits);
        LocalBenchmark.Run run = new LocalBenchmark(config, System.err).run();

        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        notes.put("JDK 17", jdkVersion(config.java17()));
        if (config.java25() != null) {
            notes.put("JDK 25", jdkVersion(config.java25()));
        }
        notes.put("function", tollgateJar + " (" + Files.size(tollgateJar) + " bytes)");
        notes.put("hello.jar", Files.size(config.helloJar()) + " bytes");
        notes.put("samples", samples + " cold per mode, interleaved; warm = " + warm
                + " distinct tokens per sample, cache-hit = " + cacheHits + " repeats of the first token; "
                + "percentiles are nearest-rank (p99 = max below 100 samples)");
        notes.put("dependencies", config.tls()
                ? "issuer (discovery, JWKS) and dynalite over HTTPS: a CA made for the run; function JVMs trust "
                        + "a copy of their JDK's cacerts plus that CA (-Djavax.net.ssl.trustStore), Node.js its "
                        + "bundled roots plus the CA (NODE_EXTRA_CA_CERTS)"
                : "issuer and dynalite over plain HTTP (--plain-http): no TLS on the cold path, unlike production");
        notes.put("JWKS fetches served", String.valueOf(run.facts().get("jwksFetches")));
        if (run.facts().get("dynaliteGetItemMs") instanceof dev.tollgate.bench.report.Stats s) {
            notes.put("dynalite GetItem from the warm harness JVM (the floor under 'warm')",
                    String.format(java.util.Locale.ROOT, "p50 %.2f ms, p90 %.2f ms", s.p50(), s.p90()));
        }
        if (run.facts().get("sharedClassesLoaded") instanceof Map<?, ?> shared && !shared.isEmpty()) {
            notes.put("classes loaded from the CDS / AOT archive (of the 'classes' column)", shared.toString());
        }
        for (ModeResult r : run.results()) {
            notes.put(r.mode(), r.description());
        }
        String command = "bench/run " + String.join(" ", argv);
        String md = ResultWriter.markdown("tollgate cold start, local (" + command.strip() + ", " + stamp + ")",
                run.results(), notes);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command.strip());
        json.put("timestamp", stamp);
        json.put("notes", notes);
        json.put("facts", run.facts());
        json.put("results", run.results());
        json.put("samples", run.samples());
        Path dir = results.resolve(stamp);
        ResultWriter.write(dir, results.resolve("latest"), md, json, run.results(),
                "tollgate cold start, local, " + stamp);
        System.out.println();
        System.out.println(md);
        System.out.println("written: " + dir + " (and " + results.resolve("latest") + ")");
        boolean anyOk = run.results().stream().anyMatch(r -> !r.coldStart().isEmpty());
        return anyOk && run.results().stream().allMatch(r -> r.failures().isEmpty()) ? 0 : 1;
    }

    public static Path helloJar(Path target) throws IOException {
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-hello.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no *-hello.jar in " + target + ": build bench first"))
                    .toAbsolutePath();
        }
    }

    static String jdkVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_RUNTIME_VERSION=") || line.startsWith("JAVA_VERSION=")) {
                    return line.substring(line.indexOf('=') + 1).replace("\"", "") + " (" + home + ")";
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return home.toString();
    }
}
