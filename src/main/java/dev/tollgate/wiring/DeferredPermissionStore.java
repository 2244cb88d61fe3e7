package dev.tollgate.wiring;

import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStore;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A permission store built on a second thread during init. Building the AWS SDK client and priming
 * its request path is the largest part of tollgate's init (hundreds of milliseconds of class
 * loading); the init thread meanwhile wires the token verifier and fetches the issuer's keys, which
 * is mostly waiting on the network. {@link #await()} joins before init ends, so a failure to build
 * still fails the init with its own message and no request ever races the build.
 */
final class DeferredPermissionStore implements PermissionStore {
    private final FutureTask<PermissionStore> build;
    private volatile PermissionStore store;

    private DeferredPermissionStore(Callable<PermissionStore> builder) {
        this.build = new FutureTask<>(builder);
    }

    /** Starts building on a daemon thread that ends when the build does. */
    static DeferredPermissionStore start(Callable<PermissionStore> builder) {
        DeferredPermissionStore deferred = new DeferredPermissionStore(builder);
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
    PermissionStore await() {
        PermissionStore built = store;
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

    @Override
    public void prime() {
        await().prime();
    }

    @Override
    public void warmUp() {
        await().warmUp();
    }
}
