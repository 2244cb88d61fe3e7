package dev.tollgate.bench.coldstart;

import static dev.tollgate.bench.coldstart.LocalBenchmark.CRAC_COMPAT;
import static dev.tollgate.bench.coldstart.LocalBenchmark.HELLO_HANDLER;
import static dev.tollgate.bench.coldstart.LocalBenchmark.METHOD_ARN;
import static dev.tollgate.bench.coldstart.LocalBenchmark.NODE_PEER_MAIN;

import dev.tollgate.bench.coldstart.LocalBenchmark.Config;
import dev.tollgate.testing.runtime.FunctionProcess;
import dev.tollgate.testing.runtime.LocalRuntimeApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One sample of one mode: launches the function in a fresh process (a JVM under the runtime
 * interface client, or the Node.js peer) against its own {@link LocalRuntimeApi}, and measures
 * the cold start, the first invocation and, for a full sample, the warm, cache-hit and bad-token
 * invocations. A SnapStart-style mode is held at {@code /restore/next} and released after a
 * short pause, its cold start counted from the release. A failure is a failed
 * {@link Sample}, never a throw.
 */
final class SampleLauncher {

    private static final Duration FIRST_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(20);
    /** Pause between checkpoint and restore in SnapStart-style samples: lets init's stray work settle. */
    private static final Duration SNAPSHOT_PAUSE = Duration.ofMillis(200);
    /** A training run writes its archive at exit; JDK 25 assembles an AOT cache in a child JVM then. */
    private static final Duration TRAINING_STOP_GRACE = Duration.ofSeconds(120);

    private final Config config;
    private final RunFixture fixture;
    private final HarnessTls tls;

    /**
     * @param tls the run's TLS, or null for plain HTTP
     */
    SampleLauncher(Config config, RunFixture fixture, HarnessTls tls) {
        this.config = config;
        this.fixture = fixture;
        this.tls = tls;
    }

    private static String event(String token) {
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
            CompletableFuture<LocalRuntimeApi.Result> first = api.enqueue(event(fixture.tokens().get(0)));
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
                        for (int i = 1; i < fixture.tokens().size() && i <= config.warm(); i++) {
                            warm.add(invoke(api, fixture.tokens().get(i), mode));
                        }
                        for (int i = 0; i < config.cacheHits(); i++) {
                            hits.add(invoke(api, fixture.tokens().get(0), mode));
                        }
                        if (mode.function() != Mode.Function.HELLO) {
                            // Keeps the error path in training runs and checks it stays "Unauthorized".
                            LocalRuntimeApi.Result bad = await(api.enqueue(event(fixture.badToken())), INVOKE_TIMEOUT);
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
        Map<String, String> env = new LinkedHashMap<>(fixture.functionEnv());
        env.putAll(mode.env());
        FunctionProcess.Spec spec;
        if (mode.function() == Mode.Function.NODE) {
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs20.x");
            env.put("PEER_ISSUER", fixture.functionEnv().get("TOLLGATE_ISSUER"));
            env.put("PEER_AUDIENCE", fixture.functionEnv().get("TOLLGATE_AUDIENCE"));
            env.put("PEER_JWKS_URI", fixture.functionEnv().get("TOLLGATE_JWKS_URI"));
            env.put("PEER_TABLE", fixture.functionEnv().get("TOLLGATE_PERMISSIONS_TABLE"));
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
            classpath.addAll(LocalBenchmark.runtimeLib(config.runtimeLib()));
            spec = FunctionProcess.Spec.java(javaHome.resolve("bin/java"), flags, classpath, handler, env,
                    config.memoryMb(), logDir);
        }
        return mode.oneCpu() ? spec.pinnedToOneCpu() : spec;
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TimeoutException ? "timed out" : cause.getMessage();
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
