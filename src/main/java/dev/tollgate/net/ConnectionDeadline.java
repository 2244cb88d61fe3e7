package dev.tollgate.net;

import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes an {@link HttpURLConnection} when its exchange's deadline passes.
 *
 * <p>Why: the JDK's socket timeouts bound each read, not an exchange. A server that drips one byte
 * per interval through the TLS handshake, the status line or the headers (which the JDK reads byte
 * by byte) would hold the caller for as long as it likes. Closing the connection from this timer
 * makes the blocked connect, handshake, write or header read fail at once. Bodies are read by the
 * callers with the deadline checked between reads (the JDK's body streams hold a lock while reading,
 * so a close from here would wait on it anyway).
 *
 * <p>Once the deadline has passed, the close is repeated every {@value #RETRY_MILLIS} ms until
 * {@link #cancel()}: a deadline that passes while the connection has no socket yet (name
 * resolution) would otherwise close nothing and leave the handshake that follows unguarded. One
 * daemon timer thread for the process, created with this class; cancelled deadlines leave nothing
 * queued.
 */
public final class ConnectionDeadline {
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    static final long RETRY_MILLIS = 50;

    private final ScheduledFuture<?> task;
    private final AtomicBoolean expired;

    private ConnectionDeadline(ScheduledFuture<?> task, AtomicBoolean expired) {
        this.task = task;
        this.expired = expired;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tollgate-http-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Arms the deadline.
     *
     * @param deadline a {@link System#nanoTime()} value
     */
    public static ConnectionDeadline arm(HttpURLConnection connection, long deadline) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> task = TIMER.scheduleWithFixedDelay(() -> {
            expired.set(true);
            try {
                connection.disconnect();
            } catch (RuntimeException e) {
                // the exchange is failing anyway
            }
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS), TimeUnit.NANOSECONDS);
        return new ConnectionDeadline(task, expired);
    }

    /** True once the deadline passed and the connection was closed. */
    public boolean expired() {
        return expired.get();
    }

    /** Disarms it (the exchange got past what the timer guards); idempotent. */
    public void cancel() {
        task.cancel(false);
    }
}
