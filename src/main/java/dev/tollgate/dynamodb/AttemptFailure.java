package dev.tollgate.dynamodb;

/** Why one attempt of a DynamoDB call failed, and whether another may help ({@link RetryPolicy}). */
final class AttemptFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Another attempt may succeed (I/O, timeouts, 5xx, throttling, a corrupt body). */
    final boolean retryable;
    /** DynamoDB throttled the request: the backoff starts higher. */
    final boolean throttled;

    AttemptFailure(boolean retryable, boolean throttled, String message, Throwable cause) {
        super(message, cause, false, false);
        this.retryable = retryable;
        this.throttled = throttled;
    }
}
