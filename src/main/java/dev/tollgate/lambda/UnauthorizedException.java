package dev.tollgate.lambda;

/**
 * Thrown to make API Gateway answer 401: the invocation must fail with the error message exactly
 * {@code Unauthorized} (any other message gives 500). No stack trace: it is an expected outcome.
 */
public final class UnauthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The exact message API Gateway maps to 401. */
    public static final String MESSAGE = "Unauthorized";

    UnauthorizedException() {
        super(MESSAGE, null, false, false);
    }
}
