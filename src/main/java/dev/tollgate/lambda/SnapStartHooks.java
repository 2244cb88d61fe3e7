package dev.tollgate.lambda;

import dev.tollgate.observe.Log;
import dev.tollgate.token.JwksCache;
import org.crac.Context;
import org.crac.Resource;

/**
 * Lambda SnapStart hooks (org.crac).
 *
 * <p>{@code beforeCheckpoint}: warms the request path without side effects (see {@link Priming}),
 * so the snapshot holds loaded, linked and partly compiled classes. A priming failure is logged and
 * never blocks publishing.
 *
 * <p>{@code afterRestore}: nothing time-bound or unique from the snapshot is trusted: remembered
 * token verifications are dropped, permission cache entries count as expired, and every issuer's
 * keys are fetched again (stale-if-error rules apply from their original fetch time).
 */
final class SnapStartHooks implements Resource {
    private static final String LOGGER = "tollgate.snapstart";
    private final Components components;

    SnapStartHooks(Components components) {
        this.components = components;
    }

    /** The components whose state the hooks manage (tests). */
    Components components() {
        return components;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        if (!components.settings.priming()) {
            return;
        }
        long start = System.nanoTime();
        try {
            Priming.run(components);
            components.permissions.prime();
            Log.info(LOGGER, "primed", "durationMs", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            Log.warn(LOGGER, "priming failed; publishing unprimed", "error", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        components.verifier.forgetVerifiedTokens();
        components.permissions.expireAll();
        for (JwksCache keys : components.verifier.keyCaches()) {
            keys.revalidate();
        }
    }
}
