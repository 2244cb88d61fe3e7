package dev.tollgate.policy;

/** Why a valid token is denied (403). Stable codes for logs and metrics. */
public enum DenyReason {
    /** The principal has permissions, but none covers this route. */
    ROUTE_NOT_PERMITTED,
    /** The permission store has no permissions for the principal. */
    NO_PERMISSIONS,
    /** The principal is marked disabled in the permission store. */
    PRINCIPAL_DISABLED,
    /** The token lacks a scope of TOLLGATE_REQUIRED_SCOPES, or one the route needs (TOLLGATE_ROUTE_SCOPES). */
    INSUFFICIENT_SCOPE
}
