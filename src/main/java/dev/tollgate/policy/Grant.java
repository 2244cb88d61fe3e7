package dev.tollgate.policy;

import dev.tollgate.permission.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a verified principal receives, whatever the current route: the routes it may call (the
 * whole set, so that a cached policy is right for every route), the routes its token may not call
 * for lack of scopes, and the context for the backend.
 *
 * @param principalId        the principal claim's value
 * @param permissions        routes it may call; empty means none (the policy then denies the stage)
 * @param deniedRoutes       route patterns the token lacks scopes for ({@code TOLLGATE_ROUTE_SCOPES}):
 *                           denied whatever the permissions; usually empty
 * @param context            scalar values only (String, Number, Boolean), within API Gateway limits
 * @param usageIdentifierKey API key for usage plans; may be null
 */
public record Grant(String principalId, Set<Permission> permissions, List<Permission> deniedRoutes,
        Map<String, Object> context, String usageIdentifierKey) {
    public Grant {
        permissions = Set.copyOf(permissions);
        deniedRoutes = List.copyOf(deniedRoutes);
        // Insertion order is kept: responses and golden files list context keys in a stable order.
        context = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
    }

    /** A grant without denied routes. */
    public Grant(String principalId, Set<Permission> permissions, Map<String, Object> context,
            String usageIdentifierKey) {
        this(principalId, permissions, List.of(), context, usageIdentifierKey);
    }
}
