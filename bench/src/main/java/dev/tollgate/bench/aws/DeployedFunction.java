package dev.tollgate.bench.aws;

import dev.tollgate.bench.aws.AwsBenchmark.Config;
import dev.tollgate.bench.aws.AwsBenchmark.Start;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.SnapStartTimeoutException;

/**
 * The deployed function as {@link AwsBenchmark} drives it, and the only class of the AWS mode that
 * calls Lambda: it forces a new configuration (and, with an alias, a new version) so that the next
 * invocations start cold, sends bursts of simultaneous invocations and single ones, and reads the
 * REPORT line of each from its log tail. A failed Invoke call is an {@link Invocation}, not a throw.
 */
final class DeployedFunction {

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

    DeployedFunction(LambdaClient lambda, Config config) {
        this.lambda = lambda;
        this.config = config;
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
     * Changes {@value AwsBenchmark#NONCE_VARIABLE} (keeping every other variable), waits for the update and,
     * with an alias, publishes a version, waits until it is active and points the alias at it.
     */
    Target forceColdStart(int round) {
        GetFunctionConfigurationResponse current = lambda.getFunctionConfiguration(b -> b.functionName(config.function()));
        Map<String, String> variables = new HashMap<>();
        if (current.environment() != null && current.environment().variables() != null) {
            variables.putAll(current.environment().variables());
        }
        variables.put(AwsBenchmark.NONCE_VARIABLE, Long.toString(System.currentTimeMillis()) + "-" + round);
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
}
