/**
 * Decisions and cache-correct policies: method ARNs, grants and the IAM policy built from a
 * principal's whole permission set. No AWS type.
 */
package dev.tollgate.policy;
