package dev.tollgate.wiring;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A part built on a second thread during init. Building the DynamoDB store, priming its request
 * path and opening its connection (a TLS handshake) is a large part of tollgate's init; the init
 * thread meanwhile wires the token verifier and fetches the issuer's keys, which is mostly waiting
 * on the network. {@link #await()} joins before init ends, so a failure to build still fails the
 * init with its own message; no request ever sees this type.
 *
 * @param <T> what is built
 */
final class DeferredBuild<T> {
    private final FutureTask<T> build;

    private DeferredBuild(Callable<T> builder) {
        this.build = new FutureTask<>(builder);
    }

    /** Starts building on a daemon thread named {@code threadName} that ends when the build does. */
    static <T> DeferredBuild<T> start(String threadName, Callable<T> builder) {
        DeferredBuild<T> deferred = new DeferredBuild<>(builder);
        Thread thread = new Thread(deferred.build, threadName);
        thread.setDaemon(true);
        thread.start();
        return deferred;
    }

    /**
     * Waits for the build.
     *
     * @throws IllegalStateException (or the builder's own runtime exception) when it failed
     */
    T await() {
        try {
            return build.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("building at init failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building at init", e);
        }
    }
}
