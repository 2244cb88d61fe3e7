package dev.tollgate.permission;

import dev.tollgate.DependencyFailureException;

/** The permission store could not answer. The request fails with an error (500), never an Allow. */
public class PermissionStoreException extends DependencyFailureException {
    private static final long serialVersionUID = 1L;

    public PermissionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reasonCode() {
        return "PERMISSION_STORE_UNAVAILABLE";
    }
}
