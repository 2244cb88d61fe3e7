package dev.tollgate.token;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The DPoP proofs this instance has accepted, each kept until no clock could accept it again (its
 * {@code iat} plus the clock skew). In-process and per instance: a proof replayed to another
 * instance of the function is not seen here.
 *
 * <p>Bounded: when full, expired entries are swept; when still full, nothing live is dropped (that
 * would let a proof be replayed) and the new proof is refused as "we are broken" instead
 * ({@link DpopReplayCacheFullException}, an error, never an Allow). Only proofs that passed every
 * other check are recorded, so only holders of valid bound tokens fill it. Thread-safe.
 */
final class DpopReplayCache {
    private final int maxEntries;
    /** {@code <jkt>.<jti>} to the epoch millisecond after which the proof is refused by its iat anyway. */
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

    /** @param maxEntries at least 1 */
    DpopReplayCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Records a proof.
     *
     * @param key            the proof's key thumbprint and {@code jti}
     * @param keepUntilMillis when the proof's {@code iat} stops being acceptable
     * @param nowMillis       the current time
     * @return true when the proof is new; false when it was seen and is still acceptable (a replay)
     * @throws DpopReplayCacheFullException when every entry is live and the cache is full
     */
    boolean firstUse(String key, long keepUntilMillis, long nowMillis) {
        Long previous = seen.get(key);
        if (previous != null && nowMillis <= previous) {
            return false;
        }
        if (seen.size() >= maxEntries) {
            seen.values().removeIf(until -> until < nowMillis);
            if (seen.size() >= maxEntries) {
                throw new DpopReplayCacheFullException(maxEntries);
            }
        }
        if (previous != null) {
            // Expired: the proof's iat check refuses it before it gets here, unless the clock went back.
            return seen.replace(key, previous, keepUntilMillis);
        }
        return seen.putIfAbsent(key, keepUntilMillis) == null;
    }

    int size() {
        return seen.size();
    }

    void clear() {
        seen.clear();
    }
}
