package dev.tollgate.token;

/**
 * "The token is bad": thrown by {@link TokenVerifier} and caught by the {@code Authorizer}, which
 * turns it into an {@code Unauthenticated} decision. Carries no stack trace (it is an expected
 * outcome on the request path, not a bug) and never the token itself.
 */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Rejection rejection;

    public InvalidTokenException(Rejection rejection, String detail) {
        super(rejection + ": " + detail, null, false, false);
        this.rejection = rejection;
    }

    /** Which check failed. */
    public Rejection rejection() {
        return rejection;
    }
}
