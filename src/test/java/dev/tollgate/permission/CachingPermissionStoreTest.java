package dev.tollgate.permission;

import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.testing.CapturedLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CachingPermissionStoreTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    // Far past every TTL here: these tests are about the permission TTLs (revocation: CachingPermissionStoreRevocationTest).
    private static final Duration REVOCATION_TTL = Duration.ofDays(1);
    private static final Duration NEGATIVE_TTL = Duration.ofMinutes(1);
    private static final PermissionSet ALICE = new PermissionSet(
            Set.of(Permission.parse("GET /orders/*").orElseThrow()), "acme", null, false);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeStore delegate = new FakeStore();

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private CachingPermissionStore cache(int maxEntries, Duration staleIfError) {
        return new CachingPermissionStore(delegate,
                new PermissionCacheSettings(TTL, NEGATIVE_TTL, maxEntries, staleIfError, REVOCATION_TTL), clock);
    }

    private CachingPermissionStore cache() {
        return cache(100, Duration.ZERO);
    }

    @Test
    void permissionsOfWhenCalledTwiceWithinTtlThenDelegateCalledOnce() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache();

        assertThat(cache.permissionsOf("alice")).isEqualTo(ALICE);
        clock.advance(TTL.minusMillis(1));
        assertThat(cache.permissionsOf("alice")).isEqualTo(ALICE);

        assertThat(delegate.calls.get()).isEqualTo(1);
        assertThat(cache.stats()).isEqualTo(new CachingPermissionStore.Stats(1, 1, 1, 0));
    }

    @Test
    void permissionsOfWhenTtlElapsedThenReloads() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache();

        cache.permissionsOf("alice");
        clock.advance(TTL);
        cache.permissionsOf("alice");

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(cache.stats().loads()).isEqualTo(2);
    }

    @Test
    void permissionsOfWhenPrincipalUnknownThenNoneCachedForNegativeTtl() {
        CachingPermissionStore cache = cache();

        assertThat(cache.permissionsOf("ghost")).isSameAs(PermissionSet.NONE);
        clock.advance(NEGATIVE_TTL.minusMillis(1));
        cache.permissionsOf("ghost");
        assertThat(delegate.calls.get()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        cache.permissionsOf("ghost");
        assertThat(delegate.calls.get()).isEqualTo(2);
    }

    @Test
    void permissionsOfWhenBoundReachedThenLeastRecentlyUsedEvicted() {
        CachingPermissionStore cache = cache(2, Duration.ZERO);
        delegate.answers.put("a", ALICE);
        delegate.answers.put("b", ALICE);
        delegate.answers.put("c", ALICE);

        cache.permissionsOf("a");
        cache.permissionsOf("b");
        cache.permissionsOf("a"); // a is now more recently used than b
        cache.permissionsOf("c"); // evicts b
        assertThat(cache.size()).isEqualTo(2);
        int before = delegate.calls.get();

        cache.permissionsOf("a");
        cache.permissionsOf("c");
        assertThat(delegate.calls.get()).isEqualTo(before);
        cache.permissionsOf("b");
        assertThat(delegate.calls.get()).isEqualTo(before + 1);
    }

    @Test
    void permissionsOfWhenMaxEntriesZeroThenEveryCallLoads() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache(0, Duration.ZERO);

        cache.permissionsOf("alice");
        cache.permissionsOf("alice");

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void permissionsOfWhenStoreFailsAndNothingCachedThenRethrows() {
        delegate.failure = new PermissionStoreException("DynamoDB GetItem failed: boom", null);
        CachingPermissionStore cache = cache(100, Duration.ofMinutes(10));

        assertThatThrownBy(() -> cache.permissionsOf("alice")).isSameAs(delegate.failure);
    }

    @Test
    void permissionsOfWhenStoreFailsThenFailureNotCached() {
        delegate.failure = new PermissionStoreException("boom", null);
        CachingPermissionStore cache = cache();
        assertThatThrownBy(() -> cache.permissionsOf("alice")).isInstanceOf(PermissionStoreException.class);

        delegate.failure = null;
        delegate.answers.put("alice", ALICE);

        assertThat(cache.permissionsOf("alice")).isEqualTo(ALICE);
        assertThat(delegate.calls.get()).isEqualTo(2);
    }

    @Test
    void permissionsOfWhenStoreFailsWithinStaleWindowThenServesStaleWithWarn() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache(100, Duration.ofMinutes(10));
        cache.permissionsOf("alice");
        clock.advance(TTL.plus(Duration.ofMinutes(10)).minusMillis(1));
        delegate.failure = new PermissionStoreException("DynamoDB GetItem failed: ThrottlingException", null);

        assertThat(cache.permissionsOf("alice")).isEqualTo(ALICE);

        assertThat(cache.stats().staleServed()).isEqualTo(1);
        assertThat(log.text())
                .contains("\"level\":\"WARN\",\"logger\":\"tollgate.permissions\"")
                .contains("stale-if-error").contains("ThrottlingException").contains("'alice'");
    }

    @Test
    void permissionsOfWhenStoreFailsAfterStaleWindowThenRethrows() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache(100, Duration.ofMinutes(10));
        cache.permissionsOf("alice");
        clock.advance(TTL.plus(Duration.ofMinutes(10)));
        delegate.failure = new PermissionStoreException("boom", null);

        assertThatThrownBy(() -> cache.permissionsOf("alice")).isSameAs(delegate.failure);
        assertThat(cache.stats().staleServed()).isZero();
    }

    @Test
    void permissionsOfWhenStaleIfErrorOffThenExpiredEntryNotServed() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache(100, Duration.ZERO);
        cache.permissionsOf("alice");
        clock.advance(TTL);
        delegate.failure = new PermissionStoreException("boom", null);

        assertThatThrownBy(() -> cache.permissionsOf("alice")).isSameAs(delegate.failure);
    }

    @Test
    void permissionsOfWhenDelegateThrowsOtherExceptionThenNoStaleServed() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache(100, Duration.ofMinutes(10));
        cache.permissionsOf("alice");
        clock.advance(TTL);
        delegate.bug = new IllegalStateException("bug");

        assertThatThrownBy(() -> cache.permissionsOf("alice")).isSameAs(delegate.bug);
    }

    @Test
    void expireAllWhenEntriesFreshThenNextCallReloads() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache();
        cache.permissionsOf("alice");

        cache.expireAll();
        cache.permissionsOf("alice");
        cache.permissionsOf("alice");

        assertThat(delegate.calls.get()).isEqualTo(2);
    }

    @Test
    void expireAllWhenStoreThenFailsThenExpiredEntryServedWithinStaleWindow() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache(100, Duration.ofMinutes(10));
        cache.permissionsOf("alice");
        cache.expireAll();
        delegate.failure = new PermissionStoreException("boom", null);

        assertThat(cache.permissionsOf("alice")).isEqualTo(ALICE);
        assertThat(cache.stats().staleServed()).isEqualTo(1);
    }

    /** A pool whose threads are recorded, so a test can wait until all of them block. */
    private static ExecutorService trackedPool(int threads, List<Thread> workers) {
        return Executors.newFixedThreadPool(threads, task -> {
            Thread worker = new Thread(task);
            workers.add(worker);
            return worker;
        });
    }

    private static List<Future<PermissionSet>> askAtOnce(ExecutorService pool, int threads, CachingPermissionStore cache,
            String principal) {
        List<Future<PermissionSet>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> cache.permissionsOf(principal)));
        }
        return results;
    }

    @Test
    void permissionsOfWhenManyThreadsAskAtOnceThenOneLoad() throws Exception {
        int threads = 16;
        CountDownLatch release = new CountDownLatch(1);
        delegate.answers.put("alice", ALICE);
        delegate.gate = release;
        CachingPermissionStore cache = cache();
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = trackedPool(threads, workers);
        try {
            List<Future<PermissionSet>> results = askWhileTheLoadIsHeld(pool, workers, threads, cache, release);
            for (Future<PermissionSet> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(ALICE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(delegate.calls.get()).isEqualTo(1);
        assertThat(cache.stats().loads()).isEqualTo(1);
    }

    @Test
    void permissionsOfWhenSingleLoadFailsThenEveryWaiterGetsPermissionStoreException() throws Exception {
        int threads = 8;
        CountDownLatch release = new CountDownLatch(1);
        delegate.failure = new PermissionStoreException("DynamoDB down", null);
        delegate.gate = release;
        CachingPermissionStore cache = cache();
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = trackedPool(threads, workers);
        try {
            List<Future<PermissionSet>> results = askWhileTheLoadIsHeld(pool, workers, threads, cache, release);
            for (Future<PermissionSet> result : results) {
                assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(PermissionStoreException.class)
                        .hasRootCauseMessage("DynamoDB down");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(delegate.calls.get()).isEqualTo(1);
    }

    @Test
    void permissionsOfWhenDifferentPrincipalsThenLoadedIndependently() {
        delegate.answers.put("alice", ALICE);
        CachingPermissionStore cache = cache();

        cache.permissionsOf("alice");
        cache.permissionsOf("bob");

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(2);
    }

    /**
     * {@code threads} ask for alice at once; returns once all are blocked (the loader on the
     * delegate's gate, the others on its result, none between miss and join), after opening the gate.
     */
    private List<Future<PermissionSet>> askWhileTheLoadIsHeld(ExecutorService pool, List<Thread> workers, int threads,
            CachingPermissionStore cache, CountDownLatch release) throws Exception {
        List<Future<PermissionSet>> results = askAtOnce(pool, threads, cache, "alice");
        assertThat(delegate.entered.await(5, TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> cache.stats().misses() == threads && allBlocked(workers));
        release.countDown();
        return results;
    }

    private static boolean allBlocked(List<Thread> workers) {
        for (Thread worker : workers) {
            Thread.State state = worker.getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return true;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }

    /** A store answering from a map, counting calls; can fail or block on a gate. */
    private static final class FakeStore implements PermissionStore {
        final Map<String, PermissionSet> answers = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile PermissionStoreException failure;
        volatile RuntimeException bug;
        volatile CountDownLatch gate;

        @Override
        public PermissionSet permissionsOf(PermissionQuery query) {
            calls.incrementAndGet();
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    if (!g.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (bug != null) {
                throw bug;
            }
            if (failure != null) {
                throw failure;
            }
            return answers.getOrDefault(query.principal(), PermissionSet.NONE);
        }
    }
}
