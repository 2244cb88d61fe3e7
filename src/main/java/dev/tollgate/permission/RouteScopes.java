package dev.tollgate.permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scopes a token must carry to call a route: route patterns in the permission syntax
 * ({@code "<METHOD> <path>"}, {@code *} wildcards, {@code *} method; see {@link Permission}), each
 * with the scopes it requires. A route needs every scope of every pattern that matches it, so
 * overlapping patterns add up.
 *
 * <p>Immutable and thread-safe; built once at init. Per request it only loops over its few rules
 * with the permission matcher: no parsing.
 */
public final class RouteScopes {
    /** No pattern: every route needs no scope. */
    public static final RouteScopes NONE = new RouteScopes(List.of(), List.of());

    private final List<Permission> patterns;
    private final List<Set<String>> scopes;

    private RouteScopes(List<Permission> patterns, List<Set<String>> scopes) {
        this.patterns = patterns;
        this.scopes = scopes;
    }

    /**
     * Parses patterns with {@link Permission#parse(String)}.
     *
     * @param scopesByPattern pattern text to the scopes it requires, in configured order
     * @throws IllegalArgumentException for a pattern that is not {@code "<METHOD> <path>"}, two
     *     patterns that are the same route once parsed ({@code get /a} and {@code GET /a}), or a
     *     pattern without scopes; the message names the pattern
     */
    public static RouteScopes of(Map<String, ? extends Collection<String>> scopesByPattern) {
        Map<Permission, Set<String>> rules = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<String>> entry : scopesByPattern.entrySet()) {
            Permission pattern = Permission.parse(entry.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "has an invalid route pattern '" + entry.getKey() + "' (expected \"<METHOD> <path>\")"));
            if (entry.getValue().isEmpty()) {
                throw new IllegalArgumentException("has no scope for route pattern '" + entry.getKey() + "'");
            }
            if (rules.put(pattern, Collections.unmodifiableSet(new LinkedHashSet<>(entry.getValue()))) != null) {
                throw new IllegalArgumentException("lists route pattern '" + pattern + "' twice");
            }
        }
        return rules.isEmpty() ? NONE : new RouteScopes(List.copyOf(rules.keySet()), List.copyOf(rules.values()));
    }

    /** True when no pattern is configured. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The patterns, in configured order. */
    public List<Permission> patterns() {
        return patterns;
    }

    /**
     * The scopes the route needs that the token lacks: of every pattern matching the route, each
     * scope not in {@code tokenScopes}, in configured order. Empty when the scopes suffice.
     */
    public Set<String> missing(String method, String path, Set<String> tokenScopes) {
        Set<String> missing = Set.of();
        for (int i = 0; i < patterns.size(); i++) {
            if (!tokenScopes.containsAll(scopes.get(i)) && patterns.get(i).matches(method, path)) {
                if (missing.isEmpty()) {
                    missing = new LinkedHashSet<>();
                }
                for (String scope : scopes.get(i)) {
                    if (!tokenScopes.contains(scope)) {
                        missing.add(scope);
                    }
                }
            }
        }
        return missing.isEmpty() ? Set.of() : Collections.unmodifiableSet(missing);
    }

    /**
     * The patterns whose scopes {@code tokenScopes} does not all hold: the routes such a token may
     * never call, whatever its permissions.
     */
    public List<Permission> unmet(Set<String> tokenScopes) {
        List<Permission> unmet = null;
        for (int i = 0; i < patterns.size(); i++) {
            if (!tokenScopes.containsAll(scopes.get(i))) {
                if (unmet == null) {
                    unmet = new ArrayList<>(patterns.size());
                }
                unmet.add(patterns.get(i));
            }
        }
        return unmet == null ? List.of() : Collections.unmodifiableList(unmet);
    }

    /** {@code {"<METHOD> <path>"=[scope, ...], ...}}, for logs and tests. */
    @Override
    public String toString() {
        Map<String, Set<String>> shown = new LinkedHashMap<>();
        for (int i = 0; i < patterns.size(); i++) {
            shown.put(patterns.get(i).toString(), scopes.get(i));
        }
        return shown.toString();
    }
}
