package dev.tollgate.token;

import java.util.Map;

/**
 * Finds a claim by name or by dotted path, the one rule for the roles claim, required claims and
 * context claims.
 *
 * <p>Lookup order: a top-level claim whose name is exactly {@code name} wins, whatever characters
 * it holds ({@code cognito:groups}, {@code https://example.com/roles}, {@code a.b} as one name).
 * Only when there is no such claim and {@code name} holds a dot is it read as a path: each
 * {@code .}-separated segment names a member of a JSON object ({@code realm_access.roles} is member
 * {@code roles} of object {@code realm_access}). A path with an empty segment ({@code a..b},
 * {@code .a}) or through a non-object finds nothing. Mixed forms (a dotted name inside a path) are
 * not tried.
 */
public final class ClaimPath {
    private ClaimPath() {}

    /**
     * The value of claim {@code name} in {@code claims}, or null when absent (or JSON null).
     *
     * @param claims the token's claims as parsed JSON (maps, lists, strings, numbers, booleans)
     * @param name   a claim name or dotted path; not null
     */
    public static Object value(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        if (name.indexOf('.') < 0) {
            return null;
        }
        Object current = claims;
        int from = 0;
        // A loop over indexOf, not split(): split compiles a pattern per call on the warm path.
        while (true) {
            int dot = name.indexOf('.', from);
            String segment = dot < 0 ? name.substring(from) : name.substring(from, dot);
            if (segment.isEmpty() || !(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(segment);
            if (dot < 0) {
                return current;
            }
            from = dot + 1;
        }
    }
}
