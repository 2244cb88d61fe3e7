package dev.tollgate.policy;

import dev.tollgate.token.Rejection;

/**
 * The outcome for one request. "The token is bad" and "the route is not permitted" are values
 * here; "we are broken" is an exception ({@link dev.tollgate.DependencyFailureException}) and never
 * a Decision.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.Unauthenticated {

    /** A stable code for logs and metrics. */
    String reasonCode();

    /** Valid token; the route is among the principal's permissions. */
    record Allow(Grant grant, MethodArn route) implements Decision {
        @Override
        public String reasonCode() {
            return "ALLOWED";
        }
    }

    /** Valid token; the route is not permitted (403). */
    record Deny(Grant grant, MethodArn route, DenyReason reason) implements Decision {
        @Override
        public String reasonCode() {
            return reason.name();
        }
    }

    /** No valid token (401, or {@code isAuthorized: false} for HTTP API simple responses). */
    record Unauthenticated(Rejection rejection) implements Decision {
        @Override
        public String reasonCode() {
            return rejection.name();
        }
    }
}
