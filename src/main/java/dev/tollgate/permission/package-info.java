/**
 * Permissions: what a principal may call, which of its tokens are revoked, the port to where both
 * live, and its cache (whose reuse of a "not revoked" answer the revocation TTL bounds); and the
 * scopes a token needs per route, in the same route syntax. No AWS type.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.permission;
