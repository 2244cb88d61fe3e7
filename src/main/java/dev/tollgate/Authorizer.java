package dev.tollgate;

import dev.tollgate.observe.RequestTrace;
import dev.tollgate.permission.IssuerRouteScopes;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.DenyReason;
import dev.tollgate.policy.Grant;
import dev.tollgate.policy.MethodArn;
import dev.tollgate.token.ClaimPath;
import dev.tollgate.token.Credential;
import dev.tollgate.token.InvalidTokenException;
import dev.tollgate.token.Rejection;
import dev.tollgate.token.SenderConstraint;
import dev.tollgate.token.SenderEvidence;
import dev.tollgate.token.TokenVerifier;
import dev.tollgate.token.VerifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The use case: a bearer credential and the route being called in, a {@link Decision} out.
 *
 * <p>Pure: no AWS type, no I/O of its own (the token verifier and the permission store are
 * ports). Fails closed: any exception from the verifier's key source or the store propagates as a
 * {@link DependencyFailureException} and never becomes an Allow. A verified token the store's answer
 * revokes ({@link dev.tollgate.permission.Revocation}: its {@code jti}'s deny item, or an {@code iat}
 * before its principal's {@code tokensValidAfter}) is Unauthenticated with {@link Rejection#REVOKED},
 * checked on every request after verification (a remembered verification included). So is a
 * sender-constrained token's binding ({@link SenderConstraint}: the client certificate or DPoP proof
 * of this request), before anything else is decided.
 *
 * <p>Thread-safe when its collaborators are.
 */
public final class Authorizer {
    /** Longest context value; API Gateway forwards context as headers/variables to backends. */
    static final int MAX_CONTEXT_VALUE_LENGTH = 1024;
    /** Budget for all context keys and values together, in characters. */
    static final int MAX_CONTEXT_CHARS = 4096;

    private final TokenVerifier verifier;
    private final PermissionStore permissions;
    private final Set<String> requiredScopes;
    private final List<String> contextClaims;
    private final int maxTokenBytes;
    private final IssuerRouteScopes routeScopes;
    private final Clock clock;
    private final SenderConstraint senderConstraint;

    /**
     * @param verifier         verifies tokens
     * @param permissions      resolves a principal's permissions
     * @param requiredScopes   scopes every token must carry (403 otherwise); may be empty
     * @param contextClaims    claims copied into the context as {@code claim_<name>} when scalar
     * @param maxTokenBytes    cap on the token, checked before parsing
     * @param routeScopes      the scopes each route needs, by the token's issuer (403 when one is
     *                         missing; the policy denies every route whose scopes the token lacks)
     * @param clock            decides whether a revoked token's deny item has expired
     * @param senderConstraint checks certificate-bound and DPoP-bound tokens against the request
     */
    public Authorizer(TokenVerifier verifier, PermissionStore permissions, Set<String> requiredScopes,
            List<String> contextClaims, int maxTokenBytes, IssuerRouteScopes routeScopes, Clock clock,
            SenderConstraint senderConstraint) {
        this.senderConstraint = senderConstraint;
        this.clock = clock;
        this.routeScopes = routeScopes;
        this.verifier = verifier;
        this.permissions = permissions;
        this.requiredScopes = Set.copyOf(requiredScopes);
        this.contextClaims = List.copyOf(contextClaims);
        this.maxTokenBytes = maxTokenBytes;
    }

    /**
     * Decides one request.
     *
     * @param authorization the credential as sent: {@code Bearer <token>}; null when absent
     * @param route         the route being called
     * @return Allow, Deny or Unauthenticated
     * @throws DependencyFailureException when keys or permissions cannot be obtained
     */
    public Decision authorize(String authorization, MethodArn route) {
        return authorize(authorization, route, new RequestTrace());
    }

    /**
     * As {@link #authorize(String, MethodArn)}, recording in {@code trace} what the caches answered
     * (for the decision line; a failed request's trace says how far it got).
     */
    public Decision authorize(String authorization, MethodArn route, RequestTrace trace) {
        return authorize(authorization, () -> SenderEvidence.NONE, route, trace);
    }

    /**
     * As {@link #authorize(String, MethodArn, RequestTrace)}, for a request that may carry what a
     * sender-constrained token is bound to.
     *
     * @param authorization the credential as sent: {@code Bearer <token>} or {@code DPoP <token>}; null
     *                      when absent
     * @param evidence      reads the request's client certificate, DPoP proof, method, host and path;
     *                      called only when the token is bound, its issuer requires binding or the
     *                      scheme is {@code DPoP}
     */
    public Decision authorize(String authorization, Supplier<SenderEvidence> evidence, MethodArn route,
            RequestTrace trace) {
        VerifiedToken token;
        Credential credential;
        try {
            credential = Credential.parse(authorization, maxTokenBytes);
            token = verifier.verify(credential.token(), trace);
        } catch (InvalidTokenException e) {
            return new Decision.Unauthenticated(e.rejection());
        }
        // Only a verified token's identifiers reach the log: an unverified iss is the caller's word.
        Object jtiClaim = token.claims().get("jti");
        String jti = jtiClaim instanceof String id ? id : null;
        trace.token(token.issuer(), jti);
        try {
            // Every request, a remembered verification too: the cache keeps claims, never this outcome.
            // After the trace: a bound token presented by another client is logged by its iss and jti.
            senderConstraint.check(token, credential, evidence);
        } catch (InvalidTokenException e) {
            return new Decision.Unauthenticated(e.rejection());
        }
        if (!token.scopes().containsAll(requiredScopes)) {
            // Decided before the store is asked: a token without the scope gets nothing anyway.
            return new Decision.Deny(grant(token, PermissionSet.NONE), route, DenyReason.INSUFFICIENT_SCOPE);
        }
        // Every request, a remembered verification too: the store's answer carries the revocation facts.
        PermissionSet set = permissions.permissionsOf(new PermissionQuery(token.principal(), token.roles(), jti), trace);
        if (set.revocation().revokes(issuedAt(token), clock.instant())) {
            return new Decision.Unauthenticated(Rejection.REVOKED);
        }
        Grant grant = grant(token, set);
        if (set.disabled()) {
            return new Decision.Deny(grant, route, DenyReason.PRINCIPAL_DISABLED);
        }
        if (set.effectivePermissions().isEmpty()) {
            return new Decision.Deny(grant, route, DenyReason.NO_PERMISSIONS);
        }
        if (!set.allows(route.method(), route.path())) {
            return new Decision.Deny(grant, route, DenyReason.ROUTE_NOT_PERMITTED);
        }
        Set<String> missing = routeScopes.forIssuer(token.issuer()).missing(route.method(), route.path(), token.scopes());
        if (!missing.isEmpty()) {
            return new Decision.Deny(grant, route, DenyReason.INSUFFICIENT_SCOPE, missing);
        }
        return new Decision.Allow(grant, route);
    }

    /** The token's {@code iat} (the verifier checked it is a NumericDate), or null when absent. */
    private static Instant issuedAt(VerifiedToken token) {
        return token.claims().get("iat") instanceof Number seconds
                ? Instant.ofEpochMilli((long) (seconds.doubleValue() * 1000)) : null;
    }

    private Grant grant(VerifiedToken token, PermissionSet set) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("principalId", token.principal());
        context.put("issuer", token.issuer());
        if (!token.scopes().isEmpty()) {
            context.put("scope", String.join(" ", token.scopes()));
        }
        // The tenant comes from the permission store: an over-long value is left out, never truncated.
        set.tenantValue().filter(tenant -> tenant.length() <= MAX_CONTEXT_VALUE_LENGTH)
                .ifPresent(tenant -> context.put("tenant", tenant));
        int used = 0;
        for (Map.Entry<String, Object> entry : context.entrySet()) {
            used += entry.getKey().length() + String.valueOf(entry.getValue()).length();
        }
        for (String claim : contextClaims) {
            // A name or a dotted path (ClaimPath); "a.b" becomes claim_a_b below.
            Object value = ClaimPath.value(token.claims(), claim);
            // REST context accepts only strings, numbers and booleans; objects and arrays are skipped.
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                continue;
            }
            String key = "claim_" + claim.replaceAll("[^A-Za-z0-9_]", "_");
            int size = key.length() + String.valueOf(value).length();
            if (String.valueOf(value).length() > MAX_CONTEXT_VALUE_LENGTH || used + size > MAX_CONTEXT_CHARS) {
                continue;
            }
            used += size;
            context.put(key, value);
        }
        return new Grant(token.principal(), set.effectivePermissions(),
                routeScopes.forIssuer(token.issuer()).unmet(token.scopes()), context, set.usageIdentifierKey());
    }
}
