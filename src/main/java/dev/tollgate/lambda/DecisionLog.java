package dev.tollgate.lambda;

import dev.tollgate.observe.Log;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Policy;

/**
 * One structured line per decision: request ids, shape, outcome, reason code, principal, route,
 * latency. Never the token, never a signature.
 */
final class DecisionLog {
    private static final String LOGGER = "tollgate.decision";
    private static final int MAX_PATH_CHARS = 256;

    private DecisionLog() {}

    static void decided(AuthorizerEvent event, Decision decision, Policy policy, String invocationId, long startNanos) {
        String outcome = decision instanceof Decision.Allow ? "ALLOW"
                : decision instanceof Decision.Deny ? "DENY" : "UNAUTHORIZED";
        String principal = decision instanceof Decision.Allow allow ? allow.grant().principalId()
                : decision instanceof Decision.Deny deny ? deny.grant().principalId() : null;
        Log.info(LOGGER, "decision",
                "invocationId", invocationId,
                "apiRequestId", event.requestId(),
                "shape", event.shape().name(),
                "outcome", outcome,
                "reason", decision.reasonCode(),
                "principal", principal,
                "method", event.route().method(),
                "path", abbreviate(event.route().path()),
                "policyTruncated", policy != null && policy.truncated(),
                "latencyMs", elapsedMillis(startNanos));
        if (policy != null && policy.truncated()) {
            Log.warn(LOGGER, "policy narrowed to the current route: the principal's permissions exceed the policy size budget",
                    "invocationId", invocationId, "principal", principal);
        }
    }

    static void failed(AuthorizerEvent event, String reason, String detail, String invocationId, long startNanos) {
        Log.error(LOGGER, "decision failed",
                "invocationId", invocationId,
                "apiRequestId", event == null ? null : event.requestId(),
                "shape", event == null ? null : event.shape().name(),
                "outcome", "ERROR",
                "reason", reason,
                "detail", detail,
                "latencyMs", elapsedMillis(startNanos));
    }

    private static double elapsedMillis(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }

    private static String abbreviate(String path) {
        return path.length() <= MAX_PATH_CHARS ? path : path.substring(0, MAX_PATH_CHARS) + "...";
    }
}
