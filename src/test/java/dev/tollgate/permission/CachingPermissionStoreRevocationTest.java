package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The revocation bound: a cached answer carries the store's revocation facts and is never reused,
 * fresh or stale-if-error, once older than {@code revocationTtl}, whatever the permission TTL says.
 */
class CachingPermissionStoreRevocationTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration REVOCATION_TTL = Duration.ofSeconds(60);
    private static final PermissionQuery TOKEN_1 = new PermissionQuery("alice", Set.of(), "j-1");
    private static final PermissionQuery TOKEN_2 = new PermissionQuery("alice", Set.of(), "j-2");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryPermissionStore delegate = new InMemoryPermissionStore().grant("alice", "GET /orders/*");

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private CachingPermissionStore cache(Duration ttl, Duration staleIfError, Duration revocationTtl) {
        return new CachingPermissionStore(delegate,
                new PermissionCacheSettings(ttl, Duration.ofMinutes(1), 100, staleIfError, revocationTtl), clock);
    }

    private boolean revoked(CachingPermissionStore cache, PermissionQuery query) {
        return cache.permissionsOf(query).revocation().revokes(clock.instant().minusSeconds(3600), clock.instant());
    }

    @Test
    void permissionsOfWhenJtiRevokedAfterCachedAnswerThenSeenWithinRevocationTtlAndNotBefore() {
        CachingPermissionStore cache = cache(TTL, Duration.ZERO, REVOCATION_TTL);
        assertThat(revoked(cache, TOKEN_1)).isFalse();
        delegate.revokeJti("j-1", Instant.MAX);

        clock.advance(REVOCATION_TTL.minusMillis(1));
        assertThat(revoked(cache, TOKEN_1)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(revoked(cache, TOKEN_1)).isTrue();
        assertThat(delegate.calls()).isEqualTo(2);
    }

    @Test
    void permissionsOfWhenTokensValidAfterSetAfterCachedAnswerThenSeenWithinRevocationTtl() {
        CachingPermissionStore cache = cache(TTL, Duration.ZERO, REVOCATION_TTL);
        assertThat(revoked(cache, PermissionQuery.of("alice"))).isFalse();
        delegate.tokensValidAfter("alice", clock.instant());

        clock.advance(REVOCATION_TTL.minusMillis(1));
        assertThat(revoked(cache, PermissionQuery.of("alice"))).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(revoked(cache, PermissionQuery.of("alice"))).isTrue();
    }

    @Test
    void permissionsOfWhenRevocationTtlZeroThenLooksUpOnEveryCall() {
        CachingPermissionStore cache = cache(TTL, Duration.ZERO, Duration.ZERO);
        revoked(cache, TOKEN_1);
        revoked(cache, TOKEN_1);
        delegate.revokeJti("j-1", Instant.MAX);

        assertThat(revoked(cache, TOKEN_1)).isTrue();
        assertThat(delegate.calls()).isEqualTo(3);
    }

    @Test
    void permissionsOfWhenTwoTokensOfOnePrincipalThenNoSharedPerTokenAnswer() {
        delegate.revokeJti("j-1", Instant.MAX);
        CachingPermissionStore cache = cache(TTL, Duration.ZERO, REVOCATION_TTL);

        assertThat(revoked(cache, TOKEN_1)).isTrue();
        assertThat(revoked(cache, TOKEN_2)).isFalse();
        assertThat(revoked(cache, TOKEN_1)).isTrue();
        assertThat(delegate.calls()).isEqualTo(2);
    }

    @Test
    void permissionsOfWhenStoreFailsPastRevocationTtlThenNeverServesStaleNotRevoked() {
        CachingPermissionStore cache = cache(TTL, Duration.ofMinutes(10), REVOCATION_TTL);
        revoked(cache, TOKEN_1);
        clock.advance(REVOCATION_TTL);
        delegate.failing(true);

        assertThatThrownBy(() -> cache.permissionsOf(TOKEN_1)).isInstanceOf(PermissionStoreException.class);
        assertThat(cache.stats().staleServed()).isZero();
    }

    @Test
    void permissionsOfWhenStoreFailsWithinRevocationTtlPastPermissionTtlThenServesStale() {
        CachingPermissionStore cache = cache(Duration.ofSeconds(10), Duration.ofMinutes(10), REVOCATION_TTL);
        revoked(cache, TOKEN_1);
        clock.advance(REVOCATION_TTL.minusMillis(1));
        delegate.failing(true);

        assertThat(revoked(cache, TOKEN_1)).isFalse();
        assertThat(cache.stats().staleServed()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> cache.permissionsOf(TOKEN_1)).isInstanceOf(PermissionStoreException.class);
    }

    @Test
    void permissionsOfWhenRevocationTtlLongerThanPermissionTtlThenPermissionTtlStillBounds() {
        CachingPermissionStore cache = cache(Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10));
        revoked(cache, TOKEN_1);
        clock.advance(Duration.ofSeconds(10));
        revoked(cache, TOKEN_1);

        assertThat(delegate.calls()).isEqualTo(2);
    }
}
