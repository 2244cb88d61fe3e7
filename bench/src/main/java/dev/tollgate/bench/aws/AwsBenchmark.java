package dev.tollgate.bench.aws;

import dev.tollgate.bench.report.ModeResult;
import dev.tollgate.bench.report.ResultWriter;
import dev.tollgate.bench.report.Stats;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;

/**
 * AWS mode: cold starts of a deployed function, measured by Lambda itself (the REPORT line).
 *
 * <p>Each sample forces a new execution environment by changing an environment variable
 * ({@value #NONCE_VARIABLE}); with an alias (needed for SnapStart, which only applies to
 * published versions) it then publishes a version and points the alias at it. It invokes once
 * (cold) with {@code LogType=Tail}, then {@code warm} more times, and reads every REPORT line.
 */
public final class AwsBenchmark {

    public static final String NONCE_VARIABLE = "TOLLGATE_BENCH_NONCE";

    /**
     * @param function function name or ARN
     * @param alias    alias to publish behind and invoke; null invokes $LATEST
     * @param event    the event JSON sent on every invocation
     */
    public record Config(String function, String alias, int samples, int warm, String event) {}

    /** One sample: the cold REPORT and the warm ones. */
    public record Sample(int index, String version, ReportLine cold, List<ReportLine> warm, String functionError) {}

    private final LambdaClient lambda;
    private final Config config;
    private final PrintStream progress;

    public AwsBenchmark(LambdaClient lambda, Config config, PrintStream progress) {
        this.lambda = lambda;
        this.config = config;
        this.progress = progress;
    }

    /** {@code bench/run --aws ...}; returns the exit code. */
    public static int main(List<String> argv) throws Exception {
        String function = value(argv, "--function", null);
        if (function == null) {
            System.err.println("--aws needs --function NAME");
            return 2;
        }
        String eventFile = value(argv, "--event", null);
        String event = eventFile == null ? "{}" : Files.readString(Path.of(eventFile));
        Config config = new Config(function, value(argv, "--alias", null),
                Integer.parseInt(value(argv, "--samples", argv.contains("--quick") ? "3" : "10")),
                Integer.parseInt(value(argv, "--warm", "10")), event);
        try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            List<Sample> samples = new AwsBenchmark(lambda, config, System.err).run();
            ModeResult result = summarise(config, samples);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            String md = ResultWriter.markdown("tollgate cold start on AWS Lambda (" + function
                    + (config.alias() == null ? "" : ":" + config.alias()) + ", " + stamp + ")",
                    List.of(result), Map.of("source", "REPORT lines: cold start = Init (or Restore) Duration + "
                            + "Duration; init = Init or Restore Duration; peak RSS = Max Memory Used"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("config", config);
            json.put("result", result);
            json.put("samples", samples);
            Path results = Path.of(System.getProperty("bench.root", "..")).resolve("bench/results/aws-" + stamp);
            ResultWriter.write(results, null, md, json, List.of(result), "tollgate on AWS Lambda " + stamp);
            System.out.println(md);
            System.out.println("written: " + results);
            return 0;
        }
    }

    /** Runs every sample. */
    public List<Sample> run() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < config.samples(); i++) {
            String qualifier = forceColdStart(i);
            ReportLine cold = null;
            String error = null;
            List<ReportLine> warm = new ArrayList<>();
            for (int k = 0; k <= config.warm(); k++) {
                InvokeResponse response = lambda.invoke(b -> b.functionName(config.function())
                        .qualifier(qualifier).logType(LogType.TAIL)
                        .payload(SdkBytes.fromString(config.event(), StandardCharsets.UTF_8)));
                if (response.functionError() != null && error == null) {
                    error = response.functionError() + ": " + response.payload().asUtf8String();
                }
                String log = response.logResult() == null ? ""
                        : new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
                ReportLine report = ReportLine.find(log).orElse(null);
                if (k == 0) {
                    cold = report;
                } else if (report != null) {
                    warm.add(report);
                }
            }
            samples.add(new Sample(i, qualifier, cold, warm, error));
            progress.printf("\r[%d/%d] %s: %s          ", i + 1, config.samples(), qualifier,
                    cold == null ? "no REPORT line" : cold.cold()
                            ? String.format("cold %.0f ms", cold.coldStartMs()) : "NOT cold");
        }
        progress.println();
        return samples;
    }

    /**
     * Changes {@value #NONCE_VARIABLE} (keeping every other variable), waits for the update and,
     * with an alias, publishes a version and points the alias at it.
     *
     * @return the qualifier to invoke
     */
    String forceColdStart(int index) {
        GetFunctionConfigurationResponse current = lambda.getFunctionConfiguration(b -> b.functionName(config.function()));
        Map<String, String> variables = new HashMap<>();
        if (current.environment() != null && current.environment().variables() != null) {
            variables.putAll(current.environment().variables());
        }
        variables.put(NONCE_VARIABLE, Long.toString(System.currentTimeMillis()) + "-" + index);
        lambda.updateFunctionConfiguration(b -> b.functionName(config.function())
                .environment(Environment.builder().variables(variables).build()));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName(config.function()));
        if (config.alias() == null) {
            return "$LATEST";
        }
        PublishVersionResponse published = lambda.publishVersion(b -> b.functionName(config.function())
                .description("tollgate bench cold sample " + index));
        // SnapStart versions take a while to be ready: the snapshot is taken here.
        lambda.waiter().waitUntilPublishedVersionActive(b -> b.functionName(config.function())
                .qualifier(published.version()));
        lambda.updateAlias(b -> b.functionName(config.function()).name(config.alias())
                .functionVersion(published.version()));
        return config.alias();
    }

    /** The same figures as the local table, from REPORT lines. */
    public static ModeResult summarise(Config config, List<Sample> samples) {
        List<ReportLine> cold = samples.stream().map(Sample::cold).filter(r -> r != null && r.cold()).toList();
        List<String> failures = new ArrayList<>();
        for (Sample s : samples) {
            if (s.cold() == null) {
                failures.add("sample " + s.index() + ": no REPORT line");
            } else if (!s.cold().cold()) {
                failures.add("sample " + s.index() + ": first invocation was not a cold start");
            }
            if (s.functionError() != null) {
                failures.add("sample " + s.index() + ": " + s.functionError());
            }
        }
        boolean snapStart = cold.stream().anyMatch(r -> r.restoreDurationMs() != null);
        return new ModeResult(
                config.function() + (config.alias() == null ? "" : ":" + config.alias()),
                snapStart ? "AWS Lambda, SnapStart restore" : "AWS Lambda, on-demand init",
                Stats.of(cold.stream().map(ReportLine::coldStartMs).toList()),
                Stats.of(cold.stream().map(r -> r.initDurationMs() != null ? r.initDurationMs()
                        : r.restoreDurationMs()).toList()),
                Stats.of(List.of()),
                Stats.of(cold.stream().map(ReportLine::durationMs).toList()),
                Stats.of(samples.stream().flatMap(s -> s.warm().stream()).map(ReportLine::durationMs).toList()),
                Stats.of(List.of()),
                Stats.of(cold.stream().map(r -> (double) r.maxMemoryUsedMb()).toList()),
                Stats.of(samples.stream().flatMap(s -> s.warm().stream())
                        .map(r -> (double) r.maxMemoryUsedMb()).toList()),
                -1, failures, Map.of());
    }

    private static String value(List<String> argv, String name, String fallback) {
        int i = argv.indexOf(name);
        return i < 0 || i + 1 >= argv.size() ? fallback : argv.get(i + 1);
    }
}
