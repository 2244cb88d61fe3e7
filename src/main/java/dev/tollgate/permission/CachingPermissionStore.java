package dev.tollgate.permission;

import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.observe.Log;
import dev.tollgate.observe.RequestTrace;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link PermissionStore} that remembers what another store answered.
 *
 * <ul>
 *   <li>A found principal is reused for {@code ttl}; an answer equal to {@link PermissionSet#NONE}
 *       (unknown principal, or an item granting nothing) for {@code negativeTtl}. A zero TTL means
 *       "never fresh" (every call loads, but stale-if-error still has an entry to serve).
 *   <li>Entries are keyed by the whole {@link PermissionQuery}: the principal and the set of roles
 *       its token names. Two tokens of one principal with different roles never share an answer;
 *       the same role set in any order does. (Keying on the query, not on the items it reads,
 *       keeps the cache a decorator of the port: the delegate alone knows how items combine.)
 *   <li>At most {@code maxEntries} queries are kept; when full, the least recently used goes.
 *       {@code maxEntries == 0} keeps nothing (every call loads).
 *   <li>Concurrent calls for the same query share one load: one caller loads, the others wait
 *       for its result (or its exception). A waiter takes the result only while the read behind it
 *       began less than {@code revocationTtl} ago; otherwise it reads again itself.
 *   <li>Stale-if-error: when the delegate throws {@link PermissionStoreException} and the expired
 *       entry is less than {@code ttl + staleIfError} old (the entry's own TTL), the entry is served
 *       and a WARN is logged; otherwise the exception is rethrown. A failure is never cached.
 *   <li>Revocation bound: every answer carries the store's revocation facts ({@link Revocation}),
 *       so no entry is reused, fresh or stale-if-error, once older than {@code revocationTtl}
 *       (counted from the start of the load that read it): a revocation written after a cached
 *       answer is seen within {@code revocationTtl}, whatever {@code ttl} says. An expired entry
 *       is reloaded as a whole (the facts come with the principal's item: one read). Stale-if-error
 *       therefore never serves a "not revoked" older than {@code revocationTtl}; with
 *       {@code revocationTtl <= ttl} a failed reload of an expired entry is a failure (500).
 * </ul>
 *
 * <p>Thread-safe. Time comes from the injected {@link Clock} only.
 */
public final class CachingPermissionStore implements PermissionStore {

    /**
     * Counters since construction, for tests and metrics.
     *
     * @param hits        calls answered from a fresh entry
     * @param misses      calls that found no fresh entry
     * @param loads       calls made to the delegate
     * @param staleServed failed loads answered with an expired entry (stale-if-error)
     */
    public record Stats(long hits, long misses, long loads, long staleServed) {}

    /**
     * One cached answer; {@code generation} ties it to {@link #expireAll()} calls; {@code readStart}
     * is when the read that produced it began (the age of its revocation facts).
     */
    private record CachedPermissions(PermissionSet value, Instant freshUntil, Instant staleUntil, long generation,
            Instant readStart) {}

    /** What a load hands its waiters: the answer and when the read behind it began. */
    private record Loaded(PermissionSet value, Instant readStart) {}

    private final PermissionStore delegate;
    private final PermissionCacheSettings settings;
    private final Clock clock;
    /** Access-ordered, so the eldest entry is the least recently used; guarded by {@code this}. */
    private final LinkedHashMap<PermissionQuery, CachedPermissions> entries;
    private final ConcurrentHashMap<PermissionQuery, CompletableFuture<Loaded>> loading = new ConcurrentHashMap<>();
    /** Entries of an older generation count as expired: {@link #expireAll()} is one increment. */
    private volatile long generation;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder staleServed = new LongAdder();

    /**
     * @param delegate the store that knows the answers; not null
     * @param settings TTLs, bound, stale-if-error window and revocation TTL; not null
     * @param clock    source of time for every TTL decision; not null
     */
    public CachingPermissionStore(PermissionStore delegate, PermissionCacheSettings settings, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        int maxEntries = settings.maxEntries();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<PermissionQuery, CachedPermissions> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The delegate's answer for {@code query} (principal, token roles, {@code jti}), from the cache
     * while fresh.
     *
     * @throws PermissionStoreException when the delegate fails and no entry may be served stale (or
     *     the waiting thread is interrupted)
     */
    @Override
    public PermissionSet permissionsOf(PermissionQuery query) {
        return permissionsOf(query, new RequestTrace());
    }

    /** As {@link #permissionsOf(PermissionQuery)}, recording in {@code trace} whether a fresh entry served it. */
    @Override
    public PermissionSet permissionsOf(PermissionQuery query, RequestTrace trace) {
        CachedPermissions entry = get(query);
        if (entry != null && isFresh(entry, clock.instant())) {
            hits.increment();
            trace.permissions(true);
            return entry.value();
        }
        misses.increment();
        trace.permissions(false);
        CompletableFuture<Loaded> mine = new CompletableFuture<>();
        CompletableFuture<Loaded> theirs = loading.putIfAbsent(query, mine);
        if (theirs != null) {
            Loaded shared = await(theirs);
            if (clock.instant().isBefore(shared.readStart().plus(settings.revocationTtl()))) {
                return shared.value();
            }
            // Their read began too long ago to vouch for "not revoked" now (always so with a zero
            // revocation TTL): read again, on this thread.
            return load(query).value();
        }
        try {
            Loaded loaded = load(query);
            mine.complete(loaded);
            return loaded.value();
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(query, mine);
        }
    }

    private Loaded load(PermissionQuery query) {
        // A load that finished between our miss and our registration has already filled the entry.
        CachedPermissions entry = get(query);
        if (entry != null && isFresh(entry, clock.instant())) {
            return new Loaded(entry.value(), entry.readStart());
        }
        // Captured before the call: a load that straddles expireAll() yields an already expired entry.
        long loadGeneration = generation;
        // Also before the call: the revocation facts are as old as the read's start, not its end.
        Instant readStart = clock.instant();
        loads.increment();
        PermissionSet value;
        try {
            value = delegate.permissionsOf(query);
        } catch (PermissionStoreException e) {
            Instant now = clock.instant();
            if (entry != null && now.isBefore(entry.staleUntil())) {
                staleServed.increment();
                Log.warn("tollgate.permissions", "permission store failed; serving cached permissions of '" + query
                        + "' past their TTL (stale-if-error): " + e.getMessage());
                return new Loaded(entry.value(), entry.readStart());
            }
            throw e;
        }
        put(query, value, loadGeneration, readStart);
        return new Loaded(value, readStart);
    }

    private Loaded await(CompletableFuture<Loaded> load) {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PermissionStoreException("interrupted while waiting for a permission load", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PermissionStoreException failure) {
                // A new exception per waiter: the loader's instance belongs to the loader's thread.
                throw new PermissionStoreException(failure.getMessage(), failure);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private boolean isFresh(CachedPermissions entry, Instant now) {
        return entry.generation() == generation && now.isBefore(entry.freshUntil());
    }

    private synchronized CachedPermissions get(PermissionQuery query) {
        return entries.get(query);
    }

    private void put(PermissionQuery query, PermissionSet value, long loadGeneration, Instant readStart) {
        if (settings.maxEntries() == 0) {
            return;
        }
        Instant loadedAt = clock.instant();
        Instant freshUntil = loadedAt.plus(PermissionSet.NONE.equals(value) ? settings.negativeTtl() : settings.ttl());
        Instant staleUntil = freshUntil.plus(settings.staleIfError());
        Instant revocationBound = readStart.plus(settings.revocationTtl());
        CachedPermissions entry = new CachedPermissions(value, earlier(freshUntil, revocationBound),
                earlier(staleUntil, revocationBound), loadGeneration, readStart);
        synchronized (this) {
            entries.put(query, entry);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Makes every current entry count as expired (they may still be served stale-if-error within
     * their window). Called after a SnapStart restore: nothing loaded before the checkpoint is fresh.
     */
    public synchronized void expireAll() {
        generation++;
    }

    /** The counters since construction. */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), loads.sum(), staleServed.sum());
    }

    /** Number of cached queries (principal and token roles), expired ones included (for tests and metrics). */
    public synchronized int size() {
        return entries.size();
    }
}
