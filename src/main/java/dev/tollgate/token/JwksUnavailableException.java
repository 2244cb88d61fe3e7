package dev.tollgate.token;

import dev.tollgate.DependencyFailureException;

/**
 * The issuer's keys cannot be obtained (fetch failed, discovery broken) and no cached key set is
 * young enough to use. "We are broken": an error (500), never an Allow.
 */
public final class JwksUnavailableException extends DependencyFailureException {
    private static final long serialVersionUID = 1L;

    public JwksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reasonCode() {
        return "JWKS_UNAVAILABLE";
    }
}
