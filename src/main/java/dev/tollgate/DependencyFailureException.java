package dev.tollgate;

/**
 * "We are broken": a dependency tollgate needs to decide (the issuer's keys, the permission
 * store) failed. Never caused by the content of a token, never turned into an Allow: the Lambda
 * handler turns it into an error, which API Gateway answers with 500.
 *
 * <p>Messages name the cause and never contain a token.
 */
public abstract class DependencyFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DependencyFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short, stable code for logs and metrics, e.g. {@code JWKS_UNAVAILABLE}. */
    public abstract String reasonCode();
}
