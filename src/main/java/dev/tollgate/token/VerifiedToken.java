package dev.tollgate.token;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A token whose signature and claims passed every check.
 *
 * @param issuer    the trusted issuer ({@code iss})
 * @param principal the principal claim's value; non-empty
 * @param scopes    from {@code scope} (space-separated) or {@code scp} (string or array); may be empty
 * @param claims    every claim as parsed JSON (numbers, strings, booleans, lists, maps); read-only
 * @param expiresAt {@code exp}
 */
public record VerifiedToken(
        String issuer, String principal, Set<String> scopes, Map<String, Object> claims, Instant expiresAt) {}
