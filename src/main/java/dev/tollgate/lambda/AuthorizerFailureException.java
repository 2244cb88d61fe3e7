package dev.tollgate.lambda;

/**
 * Thrown when tollgate cannot decide (dependency down, invalid event, a bug): API Gateway answers
 * 500, never an Allow. The message carries a reason code, never a token.
 */
public final class AuthorizerFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuthorizerFailureException(String message) {
        super(message, null, false, false);
    }
}
