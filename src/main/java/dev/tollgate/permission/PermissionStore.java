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
}
