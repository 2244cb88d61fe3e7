package dev.tollgate.config;

import java.time.Duration;

/**
 * How the issuers' key sets are fetched and cached.
 *
 * @param cacheTtl           a fetched key set is fresh for this long ({@code TOLLGATE_JWKS_CACHE_TTL_SECONDS},
 *                           default {@link #DEFAULT_CACHE_TTL}); also bounds how long a verified token is
 *                           remembered
 * @param minRefreshInterval at most one refetch per interval on unknown {@code kid}s, a DoS guard
 *                           ({@code TOLLGATE_JWKS_MIN_REFRESH_INTERVAL_SECONDS}, default
 *                           {@link #DEFAULT_MIN_REFRESH_INTERVAL})
 * @param maxStale           while the issuer is unreachable, keys are served this long past their TTL;
 *                           after that (or once a refetch drops a key) a key stops being trusted
 *                           ({@code TOLLGATE_JWKS_MAX_STALE_SECONDS}, default {@link #DEFAULT_MAX_STALE})
 * @param connectTimeout     HTTP connect timeout ({@code TOLLGATE_JWKS_CONNECT_TIMEOUT_MS}, default
 *                           {@link #DEFAULT_CONNECT_TIMEOUT})
 * @param readTimeout        HTTP read timeout ({@code TOLLGATE_JWKS_READ_TIMEOUT_MS}, default
 *                           {@link #DEFAULT_READ_TIMEOUT})
 * @param maxBytes           a JWKS or discovery document larger than this is refused (not configurable:
 *                           {@link #DEFAULT_MAX_BYTES})
 */
public record JwksSettings(
        Duration cacheTtl, Duration minRefreshInterval, Duration maxStale,
        Duration connectTimeout, Duration readTimeout, int maxBytes) {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(1000);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(1500);
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    /** Every value at its default. */
    public static final JwksSettings DEFAULTS = new JwksSettings(DEFAULT_CACHE_TTL, DEFAULT_MIN_REFRESH_INTERVAL,
            DEFAULT_MAX_STALE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_BYTES);

    /** @throws IllegalArgumentException for a negative duration, a zero timeout or a size below 1 */
    public JwksSettings {
        Durations.requireNonNegative("cacheTtl", cacheTtl);
        Durations.requireNonNegative("minRefreshInterval", minRefreshInterval);
        Durations.requireNonNegative("maxStale", maxStale);
        Durations.requirePositive("connectTimeout", connectTimeout);
        Durations.requirePositive("readTimeout", readTimeout);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
    }
}
