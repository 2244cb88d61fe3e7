/**
 * Decisions and cache-correct policies: method ARNs, grants, and the IAM policy every decision
 * about a verified principal carries, built from its whole permission set. No AWS type.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.policy;
