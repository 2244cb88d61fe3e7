package dev.tollgate.permission;

import java.util.Optional;
import java.util.Set;

/**
 * What one principal may do, as resolved from the permission store (its own permissions plus
 * those of its roles).
 *
 * @param permissions        granted routes; empty means nothing is allowed
 * @param tenant             tenant of the principal, passed to the backend in the context; may be null
 * @param usageIdentifierKey API key for API Gateway usage plans; may be null
 * @param disabled           true denies everything, whatever the permissions say
 * @param revocation         what the store said about revoked tokens ({@link Revocation#NONE}: nothing)
 */
public record PermissionSet(
        Set<Permission> permissions, String tenant, String usageIdentifierKey, boolean disabled,
        Revocation revocation) {

    /** A principal the store does not know: no permissions (a Deny, not an error). */
    public static final PermissionSet NONE = new PermissionSet(Set.of(), null, null, false);

    public PermissionSet {
        permissions = Set.copyOf(permissions);
        java.util.Objects.requireNonNull(revocation, "revocation");
    }

    /** A set that revokes nothing. */
    public PermissionSet(Set<Permission> permissions, String tenant, String usageIdentifierKey, boolean disabled) {
        this(permissions, tenant, usageIdentifierKey, disabled, Revocation.NONE);
    }

    // Written out for the reason given in Permission: the permission cache compares with NONE.
    @Override
    public boolean equals(Object other) {
        return other instanceof PermissionSet that && disabled == that.disabled && permissions.equals(that.permissions)
                && java.util.Objects.equals(tenant, that.tenant)
                && java.util.Objects.equals(usageIdentifierKey, that.usageIdentifierKey)
                && revocation.equals(that.revocation);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(permissions, tenant, usageIdentifierKey, disabled, revocation);
    }

    /** The routes this principal may call: none when disabled. */
    public Set<Permission> effectivePermissions() {
        return disabled ? Set.of() : permissions;
    }

    /** True when some effective permission grants {@code method} on {@code path}. */
    public boolean allows(String method, String path) {
        for (Permission permission : effectivePermissions()) {
            if (permission.matches(method, path)) {
                return true;
            }
        }
        return false;
    }

    public Optional<String> tenantValue() {
        return Optional.ofNullable(tenant);
    }
}
