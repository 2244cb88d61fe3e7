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
 * @param roles     the roles the issuer's roles claim names, sorted; empty when it names none or no
 *                  roles claim is configured
 * @param confirmation what the token is bound to, read from its {@code cnf} claim; null when it has
 *                  none (a plain bearer token)
 */
public record VerifiedToken(String issuer, String principal, Set<String> scopes, Map<String, Object> claims,
        Instant expiresAt, Set<String> roles, Confirmation confirmation) {

    /**
     * A token whose confirmation is read from {@code claims}: once, here, so that a remembered token
     * answers "bound or not" with a field read.
     */
    public VerifiedToken(String issuer, String principal, Set<String> scopes, Map<String, Object> claims,
            Instant expiresAt, Set<String> roles) {
        this(issuer, principal, scopes, claims, expiresAt, roles, Confirmation.of(claims));
    }

    /** A token that names no roles. */
    public VerifiedToken(String issuer, String principal, Set<String> scopes, Map<String, Object> claims,
            Instant expiresAt) {
        this(issuer, principal, scopes, claims, expiresAt, Set.of());
    }
}
