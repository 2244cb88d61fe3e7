package dev.tollgate.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's authorizer result cache: answers keyed by the identity-source values (REST TOKEN:
 * the token; REST REQUEST: the header; HTTP APIs: the header and the route key, in order), reused
 * for every method and path of the API until the TTL has passed. A TTL of 0 turns it off.
 */
final class AuthorizerCache {

    /** A bound that keeps a long local session from growing without limit; reaching it empties the cache. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(AuthorizerAnswer answer, Instant expires) {}

    private final Duration ttl;
    private final Clock clock;
    private final Map<List<String>, Entry> entries = new ConcurrentHashMap<>();

    AuthorizerCache(Duration ttl, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cached answer for these identity-source values; null when none or expired. */
    AuthorizerAnswer get(List<String> identitySources) {
        if (ttl.isZero()) {
            return null;
        }
        Entry entry = entries.get(identitySources);
        return entry != null && clock.instant().isBefore(entry.expires()) ? entry.answer() : null;
    }

    /** Caches {@code answer} for the TTL (nothing when caching is off). */
    void put(List<String> identitySources, AuthorizerAnswer answer) {
        if (ttl.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(List.copyOf(identitySources), new Entry(answer, clock.instant().plus(ttl)));
    }
}
