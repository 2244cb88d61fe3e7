/**
 * Permissions: what a principal may call, the port to where permissions live, and its cache; and
 * the scopes a token needs per route, in the same route syntax. No AWS type.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.permission;
