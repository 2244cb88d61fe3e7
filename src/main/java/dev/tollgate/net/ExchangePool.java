package dev.tollgate.net;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads HTTP exchanges run on, so their callers can stop waiting at a deadline
 * ({@code Future.get(timeout)}) whatever the server does: a body read of the JDK's blocks inside one
 * {@code read()} while chunk headers or trailers drip, where neither the socket timeouts nor
 * {@link ConnectionDeadline} reach. An exchange left behind ends with its socket timeouts or its
 * connection's close; at most {@link #MAX_IN_FLIGHT} run at once (stuck ones included), beyond that
 * a submission is refused rather than queued.
 */
public final class ExchangePool {
    /** Exchanges running at once, stuck ones included. */
    public static final int MAX_IN_FLIGHT = 64;

    /** Daemon threads, created on demand, gone after a minute idle. */
    public static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "tollgate-http-exchange");
                thread.setDaemon(true);
                return thread;
            });

    private ExchangePool() {}
}
