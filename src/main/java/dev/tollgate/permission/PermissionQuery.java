package dev.tollgate.permission;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a permission store is asked: a principal and the roles its token names.
 *
 * <p>Two queries are equal when their principals are equal and their role sets hold the same roles
 * (order never matters) and their {@code jti}s are equal: the permission cache keys on the query, so
 * tokens of one principal with different roles never share an answer, and two tokens with a
 * {@code jti} never share a per-token revocation answer.
 *
 * @param principal  the value of the token's principal claim; never null or empty
 * @param tokenRoles role names from the token's roles claim (without the {@code role#} prefix); empty
 *                   when the token names none or no roles claim is configured; kept sorted
 * @param jti        the token's {@code jti}, whose {@code revoked#<jti>} deny item is read with the
 *                   principal's; null when the token has none (it cannot be revoked by itself)
 */
public record PermissionQuery(String principal, Set<String> tokenRoles, String jti) {

    /**
     * @throws IllegalArgumentException when {@code principal} is null or empty, or a role is null
     */
    public PermissionQuery {
        if (principal == null || principal.isEmpty()) {
            throw new IllegalArgumentException("principal is null or empty");
        }
        Objects.requireNonNull(tokenRoles, "tokenRoles");
        // Sorted: the batch keys and the log lines come out the same for the same role set.
        tokenRoles = tokenRoles.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(tokenRoles));
    }

    /** A query for a token without {@code jti}. */
    public PermissionQuery(String principal, Set<String> tokenRoles) {
        this(principal, tokenRoles, null);
    }

    /** A query for {@code principal} alone: the token names no roles. */
    public static PermissionQuery of(String principal) {
        return new PermissionQuery(principal, Set.of());
    }

    // Written out for the reason given in Permission: queries are hashed on every cache lookup.
    @Override
    public boolean equals(Object other) {
        return other instanceof PermissionQuery that && principal.equals(that.principal)
                && tokenRoles.equals(that.tokenRoles) && java.util.Objects.equals(jti, that.jti);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * principal.hashCode() + tokenRoles.hashCode()) + (jti == null ? 0 : jti.hashCode());
    }

    /** {@code principal} or {@code principal [role, ...]}, for log lines (never the jti: not a secret, but noise). */
    @Override
    public String toString() {
        return tokenRoles.isEmpty() ? principal : principal + " " + tokenRoles;
    }
}
