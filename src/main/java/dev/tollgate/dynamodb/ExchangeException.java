package dev.tollgate.dynamodb;

/** A {@link DynamoDbExchange} got no whole response; {@link #retryable()} says whether another attempt may. */
public final class ExchangeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /**
     * @param retryable true for faults another attempt may not meet (I/O, timeouts); false when it
     *                  would meet them again (a response over the size bound)
     * @param message   what failed, for the caller's error message
     * @param cause     the underlying exception, or null
     */
    public ExchangeException(boolean retryable, String message, Throwable cause) {
        super(message, cause, false, false);
        this.retryable = retryable;
    }

    /** True when another attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
