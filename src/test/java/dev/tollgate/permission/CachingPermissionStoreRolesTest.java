package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.observe.RequestTrace;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache keys on the whole {@link PermissionQuery}: principal and token roles. */
class CachingPermissionStoreRolesTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    // Far past every TTL here: these tests are about the permission TTLs (revocation: CachingPermissionStoreRevocationTest).
    private static final Duration REVOCATION_TTL = Duration.ofDays(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryPermissionStore delegate = new InMemoryPermissionStore()
            .grant("alice", "GET /orders/*")
            .grantRole("admin", "* /admin/*")
            .grantRole("reader", "GET /books/*");

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private CachingPermissionStore cache(Duration staleIfError) {
        return new CachingPermissionStore(delegate,
                new PermissionCacheSettings(TTL, Duration.ofMinutes(1), 100, staleIfError, REVOCATION_TTL), clock);
    }

    @Test
    void permissionsOfWhenSamePrincipalWithDifferentRolesThenSeparateAnswers() {
        CachingPermissionStore cache = cache(Duration.ZERO);

        PermissionSet plain = cache.permissionsOf(PermissionQuery.of("alice"));
        PermissionSet admin = cache.permissionsOf(query("alice", "admin"));
        PermissionSet reader = cache.permissionsOf(query("alice", "reader"));

        assertThat(plain.allows("GET", "/admin/x")).isFalse();
        assertThat(admin.allows("GET", "/admin/x")).isTrue();
        assertThat(reader.allows("GET", "/admin/x")).isFalse();
        assertThat(reader.allows("GET", "/books/1")).isTrue();
        assertThat(cache.permissionsOf("alice")).isEqualTo(plain);
        assertThat(delegate.calls()).isEqualTo(3);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void permissionsOfWhenSameRolesInAnotherOrderThenOneEntry() {
        CachingPermissionStore cache = cache(Duration.ZERO);

        cache.permissionsOf(new PermissionQuery("alice", new LinkedHashSet<>(List.of("reader", "admin"))));
        RequestTrace trace = new RequestTrace();
        cache.permissionsOf(new PermissionQuery("alice", new LinkedHashSet<>(List.of("admin", "reader"))), trace);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    @Test
    void permissionsOfWhenStoreFailsThenAnotherRoleSetsEntryIsNeverServedStale() {
        CachingPermissionStore cache = cache(Duration.ofMinutes(10));
        cache.permissionsOf(query("alice", "admin"));
        clock.advance(TTL);
        delegate.failing(true);

        // Stale-if-error serves the same query's own entry...
        assertThat(cache.permissionsOf(query("alice", "admin")).allows("GET", "/admin/x")).isTrue();
        // ...but a query with other roles has no entry of its own: the failure stands (500, never Allow).
        assertThatThrownBy(() -> cache.permissionsOf(query("alice", "reader")))
                .isInstanceOf(PermissionStoreException.class);
        assertThatThrownBy(() -> cache.permissionsOf(PermissionQuery.of("alice")))
                .isInstanceOf(PermissionStoreException.class);
    }

    @Test
    void queryWhenEqualRoleSetsThenEqualAndSorted() {
        PermissionQuery a = new PermissionQuery("alice", new LinkedHashSet<>(List.of("b", "a")));
        PermissionQuery b = new PermissionQuery("alice", Set.of("a", "b"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.tokenRoles()).containsExactly("a", "b");
        assertThat(a).isNotEqualTo(PermissionQuery.of("alice")).isNotEqualTo(new PermissionQuery("bob", Set.of("a", "b")));
        assertThat(a.toString()).isEqualTo("alice [a, b]");
    }

    @Test
    void queryWhenPrincipalEmptyThenIllegalArgument() {
        assertThatThrownBy(() -> PermissionQuery.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static PermissionQuery query(String principal, String... roles) {
        return new PermissionQuery(principal, Set.of(roles));
    }
}
