package dev.tollgate.token;

import dev.tollgate.DependencyFailureException;

/**
 * The DPoP replay cache holds only live proofs and has no room for another: tollgate cannot tell a
 * replay from a first use, so it does not decide. "We are broken": an error (500), never an Allow.
 */
public final class DpopReplayCacheFullException extends DependencyFailureException {
    private static final long serialVersionUID = 1L;

    DpopReplayCacheFullException(int maxEntries) {
        super("the DPoP replay cache holds " + maxEntries + " live proofs (TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES)",
                null);
    }

    @Override
    public String reasonCode() {
        return "DPOP_REPLAY_CACHE_FULL";
    }
}
