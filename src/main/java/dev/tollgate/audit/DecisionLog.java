package dev.tollgate.audit;

import dev.tollgate.config.LogLevel;
import dev.tollgate.config.ObservabilitySettings;
import dev.tollgate.observe.Counters;
import dev.tollgate.observe.Log;
import dev.tollgate.observe.RequestTrace;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.MethodArn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One structured line per decision: request ids, shape, outcome, reason code, principal, route,
 * latency, this request's cache outcomes ({@code tokenCache}, {@code permissionCache}: HIT, MISS or
 * NONE), and the cache and JWKS counters' increments. Never the token, never a signature.
 *
 * <p>The line is also a CloudWatch Embedded Metric Format document (the {@code _aws} member): with
 * no agent and no API call, CloudWatch extracts, in namespace {@value #NAMESPACE}, {@code decisions}
 * and {@code latencyMs} by {@code outcome} and by {@code outcome, reason}, and {@code jwksFetches},
 * {@code jwksFetchFailures}, {@code permissionCacheHits}, {@code permissionCacheMisses},
 * {@code permissionStaleServed} without dimensions. Lines below {@code AWS_LAMBDA_LOG_LEVEL} are not
 * written, so metrics need INFO. {@code TOLLGATE_METRICS=false} leaves the {@code _aws}
 * member out (about 600 of a line's ~950 bytes) for those who do not want the metrics.
 */
public final class DecisionLog {
    public static final String NAMESPACE = "tollgate";
    private static final String LOGGER = "tollgate.decision";
    private static final int MAX_PATH_CHARS = 256;

    private final Counters counters;
    private final Map<String, Object> metricDirectives;
    private final boolean metrics;

    /**
     * @param counters      the counters whose increments each line carries
     * @param observability whether lines are EMF documents ({@link ObservabilitySettings#metrics()})
     */
    public DecisionLog(Counters counters, ObservabilitySettings observability) {
        this.counters = counters;
        this.metrics = observability.metrics();
        List<Object> counterMetrics = new ArrayList<>();
        for (String name : counters.names()) {
            counterMetrics.add(Map.of("Name", name, "Unit", "Count"));
        }
        Map<String, Object> byOutcome = new LinkedHashMap<>();
        byOutcome.put("Namespace", NAMESPACE);
        byOutcome.put("Dimensions", List.of(List.of("outcome"), List.of("outcome", "reason")));
        byOutcome.put("Metrics", List.of(Map.of("Name", "decisions", "Unit", "Count"),
                Map.of("Name", "latencyMs", "Unit", "Milliseconds")));
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("Namespace", NAMESPACE);
        totals.put("Dimensions", List.of(List.of()));
        totals.put("Metrics", counterMetrics);
        this.metricDirectives = Map.of("CloudWatchMetrics", List.of(byOutcome, totals));
    }

    /**
     * Logs a decision (INFO).
     *
     * @param request    the request's identifiers and route
     * @param startNanos {@link System#nanoTime()} when the request arrived
     */
    public void decided(Request request, Decision decision, RequestTrace trace, long startNanos) {
        String outcome = decision instanceof Decision.Allow ? "ALLOW"
                : decision instanceof Decision.Deny ? "DENY" : "UNAUTHORIZED";
        String principal = decision instanceof Decision.Verified verified ? verified.grant().principalId() : null;
        boolean truncated = decision instanceof Decision.Verified verified && verified.policy().truncated();
        Object[] details = {"principal", principal,
                "method", request.route().method(),
                "path", abbreviate(request.route().path()),
                "policyTruncated", truncated};
        if (decision instanceof Decision.Deny deny && !deny.missingScopes().isEmpty()) {
            // Which scopes the route needs (configured names, never token content), space-separated.
            details = Arrays.copyOf(details, details.length + 2);
            details[details.length - 2] = "missingScopes";
            details[details.length - 1] = String.join(" ", deny.missingScopes());
        }
        write(LogLevel.INFO, "decision", request, outcome, decision.reasonCode(), trace, startNanos, details);
        if (truncated) {
            Log.warn(LOGGER, "policy narrowed to the current route: the principal's permissions exceed the policy size budget",
                    "invocationId", request.invocationId(), "principal", principal);
        }
    }

    /**
     * Logs a request that could not be decided (ERROR).
     *
     * @param request what is known of the request: an unreadable event has neither shape nor route
     * @param reason  the failure's reason code
     */
    public void failed(Request request, String reason, String detail, RequestTrace trace, long startNanos) {
        write(LogLevel.ERROR, "decision failed", request, "ERROR", reason, trace, startNanos, "detail", detail);
    }

    private void write(LogLevel level, String message, Request request, String outcome, String reason,
            RequestTrace trace, long startNanos, Object... details) {
        if (!Log.enabled(level)) {
            return;
        }
        // Arrays.asList, not List.of: values may be null (no principal, no request id).
        List<Object> fields = new ArrayList<>(Arrays.asList(
                "invocationId", request.invocationId(),
                "apiRequestId", request.apiRequestId(),
                "shape", request.shape(),
                "outcome", outcome,
                "reason", reason));
        fields.addAll(Arrays.asList(details));
        fields.add("iss");
        fields.add(trace.issuer());
        fields.add("jti");
        fields.add(trace.tokenId() == null ? null : abbreviate(trace.tokenId()));
        fields.add("tokenCache");
        fields.add(trace.verifiedToken().name());
        fields.add("permissionCache");
        fields.add(trace.permissions().name());
        fields.add("decisions");
        fields.add(1);
        fields.add("latencyMs");
        fields.add(Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0);
        counters.increments().forEach((name, increment) -> {
            fields.add(name);
            fields.add(increment);
        });
        if (metrics) {
            Map<String, Object> aws = new LinkedHashMap<>();
            aws.put("Timestamp", System.currentTimeMillis());
            aws.putAll(metricDirectives);
            fields.add("_aws");
            fields.add(aws);
        }
        Log.write(level, LOGGER, message, fields.toArray());
    }

    /**
     * The request a line is about.
     *
     * @param invocationId the Lambda request id; null outside Lambda
     * @param apiRequestId API Gateway's request id; null when the event has none
     * @param shape        the event shape's name; null when the event could not be read
     * @param route        the route called; null when the event could not be read
     */
    public record Request(String invocationId, String apiRequestId, String shape, MethodArn route) {}

    private static String abbreviate(String path) {
        return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS) + "...";
    }
}
