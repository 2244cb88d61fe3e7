package dev.tollgate.permission;

import dev.tollgate.observe.RequestTrace;

/**
 * The port to wherever permissions live (DynamoDB in production, memory in tests).
 *
 * <p>Implementations are thread-safe: Lambda managed instances run several invocations in one
 * process.
 */
public interface PermissionStore {

    /**
     * Resolves what the query's principal may do, its token's roles included: the principal's own
     * permissions plus those of every role the token names and of every role the store gives it, with
     * the revocation facts for the principal and the query's {@code jti}.
     *
     * <p>A store that knows no roles answers for the principal alone (fewer permissions, never more).
     *
     * @return the permissions; {@link PermissionSet#NONE} when the store knows neither the principal
     *     nor any of the token's roles (which is not an error)
     * @throws PermissionStoreException when the store cannot answer (unreachable, throttled, timed
     *     out): the caller must not allow anything
     */
    PermissionSet permissionsOf(PermissionQuery query);

    /**
     * As {@link #permissionsOf(PermissionQuery)}; a store with a cache records in {@code trace}
     * whether the cache answered. The default records nothing (no cache consulted).
     */
    default PermissionSet permissionsOf(PermissionQuery query, RequestTrace trace) {
        return permissionsOf(query);
    }

    /** As {@link #permissionsOf(PermissionQuery)} for a token that names no roles and has no {@code jti}. */
    default PermissionSet permissionsOf(String principal) {
        return permissionsOf(PermissionQuery.of(principal));
    }
}
