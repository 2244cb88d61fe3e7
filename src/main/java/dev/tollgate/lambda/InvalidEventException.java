package dev.tollgate.lambda;

/**
 * The input is not an authorizer event tollgate understands (unknown shape, missing or malformed
 * method ARN, not JSON). A configuration or integration error, not a bad token: the invocation
 * fails with an error (500), and the log line says what was wrong.
 */
final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
