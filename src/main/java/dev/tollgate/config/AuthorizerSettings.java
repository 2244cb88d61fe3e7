package dev.tollgate.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the decision asks of a verified token beyond its signature and claims: the
 * {@code Authorizer}'s own checks. Scopes and context claims are read after verification, by the
 * use case that decides and builds the context, so they are neither verifier nor permission-store
 * settings.
 *
 * @param requiredScopes scopes every token must carry, else 403, in configured order
 *                       ({@code TOLLGATE_REQUIRED_SCOPES}, default none)
 * @param contextClaims  extra token claims copied into the authorizer context, in configured order
 *                       ({@code TOLLGATE_CONTEXT_CLAIMS}, default none)
 * @param routeScopes    route pattern ({@code "<METHOD> <path>"}) to the scopes a token must carry for
 *                       the routes it matches, in configured order ({@code TOLLGATE_ROUTE_SCOPES}, default
 *                       none); the patterns are checked when the Authorizer is wired
 * @param issuerRouteScopes issuer to its own route scopes, which replace {@code routeScopes} for its
 *                       tokens ({@code routeScopes} of a {@code TOLLGATE_ISSUERS} entry, default none)
 */
public record AuthorizerSettings(Set<String> requiredScopes, List<String> contextClaims,
        Map<String, Set<String>> routeScopes, Map<String, Map<String, Set<String>>> issuerRouteScopes) {

    /** No required scope, no extra context claim, no route scope. */
    public static final AuthorizerSettings DEFAULTS = new AuthorizerSettings(Set.of(), List.of());

    /** @throws NullPointerException for a null collection or element */
    public AuthorizerSettings {
        List.copyOf(requiredScopes); // refuses null elements; the copy below keeps the order
        requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requiredScopes));
        contextClaims = List.copyOf(contextClaims);
        routeScopes = orderedCopy(routeScopes);
        Map<String, Map<String, Set<String>>> byIssuer = new LinkedHashMap<>();
        issuerRouteScopes.forEach((issuer, rules) -> byIssuer.put(Objects.requireNonNull(issuer), orderedCopy(rules)));
        issuerRouteScopes = Collections.unmodifiableMap(byIssuer);
    }

    /** Without route scopes. */
    public AuthorizerSettings(Set<String> requiredScopes, List<String> contextClaims) {
        this(requiredScopes, contextClaims, Map.of(), Map.of());
    }

    private static Map<String, Set<String>> orderedCopy(Map<String, Set<String>> rules) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        rules.forEach((pattern, scopes) -> {
            List.copyOf(scopes); // refuses null elements
            copy.put(Objects.requireNonNull(pattern), Collections.unmodifiableSet(new LinkedHashSet<>(scopes)));
        });
        return Collections.unmodifiableMap(copy);
    }
}
