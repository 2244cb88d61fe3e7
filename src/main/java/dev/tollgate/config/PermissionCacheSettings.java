package dev.tollgate.config;

import java.time.Duration;

/**
 * How looked-up permissions are cached in front of the store.
 *
 * @param ttl          a found principal's permissions are reused this long
 *                     ({@code TOLLGATE_PERMISSIONS_CACHE_TTL_SECONDS}, default {@link #DEFAULT_TTL})
 * @param negativeTtl  "no such principal" is reused this long
 *                     ({@code TOLLGATE_PERMISSIONS_NEGATIVE_CACHE_TTL_SECONDS}, default {@link #DEFAULT_NEGATIVE_TTL})
 * @param maxEntries   bound on cached principals; 0 disables the cache
 *                     ({@code TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES}, default {@link #DEFAULT_MAX_ENTRIES})
 * @param staleIfError when the store fails, serve an expired entry this long past its TTL; 0 turns it off
 *                     ({@code TOLLGATE_PERMISSIONS_STALE_IF_ERROR_SECONDS}, default {@link #DEFAULT_STALE_IF_ERROR})
 * @param revocationTtl a "not revoked" answer is reused at most this long, whatever {@code ttl} says
 *                     (fresh or stale-if-error); 0 reads the revocation facts on every call
 *                     ({@code TOLLGATE_REVOCATION_CACHE_TTL_SECONDS}, default {@link #DEFAULT_REVOCATION_TTL})
 */
public record PermissionCacheSettings(Duration ttl, Duration negativeTtl, int maxEntries, Duration staleIfError,
        Duration revocationTtl) {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ZERO;
    public static final Duration DEFAULT_REVOCATION_TTL = Duration.ofSeconds(60);

    /** Every value at its default. */
    public static final PermissionCacheSettings DEFAULTS = new PermissionCacheSettings(DEFAULT_TTL,
            DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_ENTRIES, DEFAULT_STALE_IF_ERROR, DEFAULT_REVOCATION_TTL);

    /** As the canonical constructor, with the default revocation TTL. */
    public PermissionCacheSettings(Duration ttl, Duration negativeTtl, int maxEntries, Duration staleIfError) {
        this(ttl, negativeTtl, maxEntries, staleIfError, DEFAULT_REVOCATION_TTL);
    }

    /** @throws IllegalArgumentException for a negative duration or bound */
    public PermissionCacheSettings {
        Durations.requireNonNegative("ttl", ttl);
        Durations.requireNonNegative("negativeTtl", negativeTtl);
        Durations.requireNonNegative("staleIfError", staleIfError);
        Durations.requireNonNegative("revocationTtl", revocationTtl);
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative, was " + maxEntries);
        }
    }
}
