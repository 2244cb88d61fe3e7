package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.config.PermissionCacheSettings;
import dev.tollgate.permission.CachingPermissionStore;
import dev.tollgate.permission.PermissionQuery;
import dev.tollgate.permission.PermissionSet;
import dev.tollgate.permission.PermissionStoreException;
import dev.tollgate.permission.Revocation;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.DynaliteServer;
import dev.tollgate.testing.DynaliteTables;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Revocation against dynalite on loopback: {@code tokensValidAfter} on the principal's item, deny
 * items {@code revoked#<jti>} with {@code expiresAt}, read in the same BatchGetItem; a failure
 * during that read is a {@link PermissionStoreException}.
 */
class DynamoDbRevocationIT {
    private static final String TABLE = "tollgate-permissions";
    private static final DynamoDbSettings FAST = LoopbackStores.budget(
            false, Duration.ofMillis(1500), Duration.ofMillis(400), 1);
    private static DynaliteFixture fixture;

    private static DynaliteServer dynalite;
    private static DynaliteTables tables;
    private static DynamoDbPermissionStore store;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @BeforeAll
    static void startDynalite() {
        fixture = DynaliteFixture.start(TABLE);
        dynalite = fixture.dynalite();
        tables = fixture.tables();
        tables.put(TABLE, Map.of("principal", s("alice"), "permissions", ss("GET /orders/*")));
        tables.put(TABLE, Map.of("principal", s("bob"), "permissions", ss("GET /orders/*"),
                "tokensValidAfter", n("1700000000")));
        tables.put(TABLE, Map.of("principal", s("eve"), "permissions", ss("GET /orders/*"),
                "tokensValidAfter", s("yesterday")));
        tables.put(TABLE, Map.of("principal", s("revoked#j-forever")));
        tables.put(TABLE, Map.of("principal", s("revoked#j-until"), "expiresAt", n("1800000000")));
        store = LoopbackStores.open(dynalite.endpoint(), TABLE, FAST);
    }

    @AfterAll
    static void stopDynalite() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void permissionsOfWhenPrincipalHasTokensValidAfterThenReadWithTheItemByGetItemAndByBatch() {
        Instant after = Instant.ofEpochSecond(1_700_000_000L);

        assertThat(store.permissionsOf("bob").revocation()).isEqualTo(new Revocation(after, null));
        assertThat(store.permissionsOf(new PermissionQuery("bob", Set.of(), "j-other")).revocation())
                .isEqualTo(new Revocation(after, null));
        assertThat(store.permissionsOf("alice").revocation()).isEqualTo(Revocation.NONE);
    }

    @Test
    void permissionsOfWhenTokensValidAfterMalformedThenEveryTokenRevoked() {
        assertThat(store.permissionsOf("eve").revocation().tokensValidAfter()).isEqualTo(Instant.MAX);
        assertThat(log.text()).contains("tokensValidAfter").contains("'eve'");
    }

    @Test
    void permissionsOfWhenJtiHasADenyItemThenRevokedUntilItsExpiresAt() {
        PermissionSet forever = store.permissionsOf(new PermissionQuery("alice", Set.of(), "j-forever"));
        PermissionSet until = store.permissionsOf(new PermissionQuery("alice", Set.of("ghost"), "j-until"));
        PermissionSet other = store.permissionsOf(new PermissionQuery("alice", Set.of(), "j-fresh"));

        assertThat(forever.revocation()).isEqualTo(new Revocation(null, Instant.MAX));
        assertThat(until.revocation()).isEqualTo(new Revocation(null, Instant.ofEpochSecond(1_800_000_000L)));
        assertThat(until.revocation().revokes(null, Instant.ofEpochSecond(1_800_000_001L))).isFalse();
        assertThat(other).isEqualTo(store.permissionsOf("alice"));
        assertThat(forever.permissions()).isEqualTo(other.permissions());
    }

    @Test
    void permissionsOfWhenPrincipalHasRevokedPrefixThenNone() {
        assertThat(store.permissionsOf(new PermissionQuery("revoked#j-forever", Set.of(), "j-1")))
                .isEqualTo(PermissionSet.NONE);
    }

    @Test
    void permissionsOfWhenServerStoppedDuringTheRevocationReadThenPermissionStoreExceptionAndCacheNeverAllowsStale() {
        try (DynaliteServer own = DynaliteServer.start(); DynaliteTables ownTables = new DynaliteTables(own.endpoint())) {
            ownTables.createPermissionsTable(TABLE);
            ownTables.put(TABLE, Map.of("principal", s("dave"), "permissions", ss("GET /orders/*")));
            MutableClock clock = MutableClock.atTestNow();
            CachingPermissionStore cached = new CachingPermissionStore(LoopbackStores.open(own.endpoint(), TABLE, FAST),
                    new PermissionCacheSettings(Duration.ofMinutes(5), Duration.ofMinutes(1), 100, Duration.ofHours(1),
                            Duration.ofSeconds(60)), clock);
            PermissionQuery query = new PermissionQuery("dave", Set.of(), "j-1");
            assertThat(cached.permissionsOf(query).revocation()).isEqualTo(Revocation.NONE);

            own.stop();
            clock.advance(Duration.ofSeconds(60));

            assertThatThrownBy(() -> cached.permissionsOf(query))
                    .isInstanceOf(PermissionStoreException.class)
                    .hasMessageStartingWith("DynamoDB BatchGetItem on table " + TABLE + " ");
            assertThat(cached.stats().staleServed()).isZero();
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(java.util.List.of(values));
    }
}
