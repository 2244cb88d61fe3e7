package dev.tollgate.policy;

import dev.tollgate.token.Rejection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The outcome for one request. "The token is bad" and "the route is not permitted" are values
 * here; "we are broken" is an exception ({@link dev.tollgate.DependencyFailureException}) and never
 * a Decision. A decision about a verified principal carries the IAM policy that says it, built once
 * by {@link PolicyBuilder}: the edge writes it, the log reports it.
 */
public sealed interface Decision permits Decision.Verified, Decision.Unauthenticated {

    /** A stable code for logs and metrics. */
    String reasonCode();

    /** A verified principal's decision: what it is granted, the route asked for, and the policy. */
    sealed interface Verified extends Decision permits Allow, Deny {
        Grant grant();

        MethodArn route();

        /** The cache-correct policy for the grant on the route's API and stage. */
        Policy policy();
    }

    /** Valid token; the route is among the principal's permissions. */
    record Allow(Grant grant, MethodArn route, Policy policy) implements Verified {
        /** The decision with the policy {@link PolicyBuilder} builds for the grant. */
        public Allow(Grant grant, MethodArn route) {
            this(grant, route, PolicyBuilder.build(grant, route));
        }

        @Override
        public String reasonCode() {
            return "ALLOWED";
        }
    }

    /**
     * Valid token; the route is not permitted (403).
     *
     * @param missingScopes for {@link DenyReason#INSUFFICIENT_SCOPE} by a route's scopes, the scopes the
     *                      route needs that the token lacks (for the log); otherwise empty
     */
    record Deny(Grant grant, MethodArn route, DenyReason reason, Policy policy, Set<String> missingScopes)
            implements Verified {
        public Deny {
            missingScopes = Collections.unmodifiableSet(new LinkedHashSet<>(missingScopes));
        }

        /** The decision with the policy {@link PolicyBuilder} builds for the grant. */
        public Deny(Grant grant, MethodArn route, DenyReason reason) {
            this(grant, route, reason, Set.of());
        }

        /** As {@link #Deny(Grant, MethodArn, DenyReason)}, naming the scopes the route needs. */
        public Deny(Grant grant, MethodArn route, DenyReason reason, Set<String> missingScopes) {
            this(grant, route, reason, PolicyBuilder.build(grant, route), missingScopes);
        }

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
