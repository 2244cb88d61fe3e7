package dev.tollgate.lambda;

import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A permission store built on a second thread during init. Building the DynamoDB store, priming
 * its request path and opening its connection (a TLS handshake) is a large part of tollgate's init;
 * the init thread meanwhile wires the token verifier and fetches the issuer's keys, which is mostly
 * waiting on the network. {@link #await()} joins before init ends, so a failure to build still
 * fails the init with its own message and no request ever races the build.
 *
 * @param <S> the store's type, as {@link #await()} hands it out
 */
final class DeferredPermissionStore<S extends PermissionStore> implements PermissionStore {
    private final FutureTask<S> build;
    private volatile S store;

    private DeferredPermissionStore(Callable<S> builder) {
        this.build = new FutureTask<>(builder);
    }

    /** Starts building on a daemon thread that ends when the build does. */
    static <S extends PermissionStore> DeferredPermissionStore<S> start(Callable<S> builder) {
        DeferredPermissionStore<S> deferred = new DeferredPermissionStore<>(builder);
        Thread thread = new Thread(deferred.build, "tollgate-init-permissions");
        thread.setDaemon(true);
        thread.start();
        return deferred;
    }

    /**
     * Waits for the build.
     *
     * @throws IllegalStateException (or the builder's own runtime exception) when it failed
     */
    S await() {
        S built = store;
        if (built != null) {
            return built;
        }
        try {
            built = build.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("building the permission store failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the permission store", e);
        }
        store = built;
        return built;
    }

    @Override
    public PermissionSet permissionsOf(String principal) {
        return await().permissionsOf(principal);
    }
}
