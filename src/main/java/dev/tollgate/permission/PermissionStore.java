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
     * Resolves what {@code principal} may do.
     *
     * @param principal the value of the token's principal claim; never null or empty
     * @return the principal's permissions; {@link PermissionSet#NONE} when the store has no entry
     *     for it (which is not an error)
     * @throws PermissionStoreException when the store cannot answer (unreachable, throttled, timed
     *     out): the caller must not allow anything
     */
    PermissionSet permissionsOf(String principal);

    /**
     * As {@link #permissionsOf(String)}; a store with a cache records in {@code trace} whether the
     * cache answered. The default records nothing (no cache consulted).
     */
    default PermissionSet permissionsOf(String principal, RequestTrace trace) {
        return permissionsOf(principal);
    }

    /**
     * Resolves what the query's principal may do, its token's roles included: the principal's own
     * permissions plus those of every role the token names and of every role the store gives it.
     *
     * <p>The default answers for the principal alone and ignores the token's roles (fewer
     * permissions, never more): for stores that know no roles. Stores that know roles override it.
     *
     * @return the permissions; {@link PermissionSet#NONE} when the store knows neither the principal
     *     nor any of the token's roles (which is not an error)
     * @throws PermissionStoreException when the store cannot answer: the caller must not allow anything
     */
    default PermissionSet permissionsOf(PermissionQuery query) {
        return permissionsOf(query.principal());
    }

    /** As {@link #permissionsOf(PermissionQuery)}, recording in {@code trace} whether a cache answered. */
    default PermissionSet permissionsOf(PermissionQuery query, RequestTrace trace) {
        return query.tokenRoles().isEmpty() && query.jti() == null ? permissionsOf(query.principal(), trace)
                : permissionsOf(query);
    }
}
