package dev.tollgate.permission;

import java.util.Map;

/**
 * Which {@link RouteScopes} apply to a token, by its issuer: an issuer's own rules replace the
 * global ones for its tokens; every other issuer's tokens get the global rules.
 *
 * <p>Immutable and thread-safe; built once at init.
 */
public final class IssuerRouteScopes {
    /** No rules for any issuer. */
    public static final IssuerRouteScopes NONE = new IssuerRouteScopes(RouteScopes.NONE, Map.of());

    private final RouteScopes global;
    private final Map<String, RouteScopes> byIssuer;

    /**
     * @param global   rules for tokens of an issuer without its own
     * @param byIssuer issuer ({@code iss}) to its own rules, which replace {@code global}
     */
    public IssuerRouteScopes(RouteScopes global, Map<String, RouteScopes> byIssuer) {
        this.global = global;
        this.byIssuer = Map.copyOf(byIssuer);
    }

    /** The rules for tokens of {@code issuer}. */
    public RouteScopes forIssuer(String issuer) {
        // An empty map is the common case: no lookup, no hashing of the issuer on the warm path.
        return byIssuer.isEmpty() ? global : byIssuer.getOrDefault(issuer, global);
    }
}
