package dev.tollgate.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
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
 */
public record AuthorizerSettings(Set<String> requiredScopes, List<String> contextClaims) {

    /** No required scope, no extra context claim. */
    public static final AuthorizerSettings DEFAULTS = new AuthorizerSettings(Set.of(), List.of());

    /** @throws NullPointerException for a null collection or element */
    public AuthorizerSettings {
        List.copyOf(requiredScopes); // refuses null elements; the copy below keeps the order
        requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requiredScopes));
        contextClaims = List.copyOf(contextClaims);
    }
}
