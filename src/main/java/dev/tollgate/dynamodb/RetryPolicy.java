package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.net.ExchangePool;
import dev.tollgate.permission.PermissionStoreException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one DynamoDB call spends its budget, the SDK's semantics where they matter: the whole call
 * (attempts and backoff) ends by {@code apiCallTimeout}, each attempt by {@code apiCallAttemptTimeout};
 * a retryable failure ({@link AttemptFailure#retryable}) is tried again up to {@code maxRetries}
 * times after exponential backoff with full jitter (base 25 ms, 100 ms when throttled, cap 1 s),
 * never past the call's deadline. Each attempt runs on {@link ExchangePool} and its caller stops
 * waiting at the attempt's deadline whatever the server does ({@link #withinDeadline}).
 * Thread-safe (immutable).
 */
final class RetryPolicy {

    /** Exchanges running at once, stuck ones included (see {@link #withinDeadline}). */
    static final int MAX_IN_FLIGHT = ExchangePool.MAX_IN_FLIGHT;

    private static final long BASE_BACKOFF_MILLIS = 25;
    private static final long THROTTLED_BASE_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    /** One attempt, given its deadline (a {@link System#nanoTime()} value). */
    interface Attempt<T> {
        T run(long deadline) throws AttemptFailure;
    }

    private final long callTimeoutNanos;
    private final long attemptTimeoutNanos;
    private final int maxRetries;

    /** @param settings {@code apiCallTimeout}, {@code apiCallAttemptTimeout} and {@code maxRetries} */
    RetryPolicy(DynamoDbSettings settings) {
        this.callTimeoutNanos = settings.apiCallTimeout().toNanos();
        this.attemptTimeoutNanos = settings.apiCallAttemptTimeout().toNanos();
        this.maxRetries = settings.maxRetries();
    }

    /** A deadline one attempt from now. */
    long attemptDeadline() {
        return System.nanoTime() + attemptTimeoutNanos;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the budget is spent.
     *
     * @param operation and {@code table} name the call in the failure's message
     * @throws PermissionStoreException naming the operation, the table, the last failure and the
     *     number of attempts
     */
    <T> T call(String operation, String table, Attempt<T> attempt) {
        long deadline = System.nanoTime() + callTimeoutNanos;
        AttemptFailure last = null;
        int attempts = 0;
        while (attempts <= maxRetries) {
            if (attempts > 0) {
                long backoff = backoffMillis(attempts, last.throttled);
                if (deadline - System.nanoTime() <= backoff * 1_000_000) {
                    break; // the wait alone would outlast the budget
                }
                sleep(backoff, operation, table);
            }
            long attemptDeadline = Math.min(deadline, attemptDeadline());
            attempts++;
            try {
                return withinDeadline(() -> attempt.run(attemptDeadline), attemptDeadline);
            } catch (AttemptFailure failure) {
                last = failure;
                if (!failure.retryable) {
                    break;
                }
            }
        }
        String reason = last == null ? "no attempt fitted in the call timeout" : last.getMessage();
        throw new PermissionStoreException("DynamoDB " + operation + " on table " + table + " failed: " + reason
                + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"), last == null ? null : last.getCause());
    }

    /**
     * Runs {@code work} on a pool thread and waits for it no longer than {@code deadline}. The JDK's
     * HTTP client cannot be stopped reliably from outside: its socket timeouts bound each read, not a
     * response, and closing a connection waits for the read in progress. So the caller stops waiting
     * instead; late work ends on its own (its socket timeout, the deadline checks between reads, or
     * {@link dev.tollgate.net.ConnectionDeadline}) and its result is dropped. At most
     * {@link #MAX_IN_FLIGHT} run at once; past that an attempt fails at once rather than queue
     * behind stuck ones.
     */
    static <T> T withinDeadline(Callable<T> work, long deadline) throws AttemptFailure {
        Future<T> future;
        try {
            future = ExchangePool.POOL.submit(work);
        } catch (RejectedExecutionException e) {
            throw new AttemptFailure(false, false, MAX_IN_FLIGHT + " DynamoDB exchanges already in flight", e);
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AttemptFailure(true, false, "timed out (attempt deadline reached)", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AttemptFailure failure) {
                throw failure;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AttemptFailure(true, false, String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new AttemptFailure(false, false, "interrupted while waiting for DynamoDB", e);
        }
    }

    /** Full jitter: uniform in [0, min(cap, base * 2^(retry-1))]. */
    static long backoffMillis(int retry, boolean throttled) {
        long base = throttled ? THROTTLED_BASE_BACKOFF_MILLIS : BASE_BACKOFF_MILLIS;
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, base << Math.min(retry - 1, 10));
        return Long.remainderUnsigned(mix(System.nanoTime()), ceiling + 1);
    }

    /**
     * The jitter's randomness: the clock at the moment of the retry, its bits spread by SplitMix64's
     * finalizer. Not {@code ThreadLocalRandom}: its seed sequence is set up once per process and
     * would be captured in a SnapStart snapshot, so every instance restored from it would draw the
     * same delays and retry in step, which jitter exists to prevent. The moment of a retry, to the
     * nanosecond, differs between instances.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void sleep(long millis, String operation, String table) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PermissionStoreException("interrupted while retrying DynamoDB " + operation + " on table " + table, e);
        }
    }
}
