package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationTest {
    private static final Instant AFTER = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");

    @Test
    void revokesWhenNothingSetThenNever() {
        assertThat(Revocation.NONE.revokes(null, NOW)).isFalse();
        assertThat(Revocation.NONE.revokes(AFTER, NOW)).isFalse();
    }

    @Test
    void revokesWhenIatBeforeTokensValidAfterThenRevoked() {
        assertThat(new Revocation(AFTER, null).revokes(AFTER.minusMillis(1), NOW)).isTrue();
    }

    @Test
    void revokesWhenIatAtOrAfterTokensValidAfterThenNotRevoked() {
        assertThat(new Revocation(AFTER, null).revokes(AFTER, NOW)).isFalse();
        assertThat(new Revocation(AFTER, null).revokes(AFTER.plusSeconds(1), NOW)).isFalse();
    }

    @Test
    void revokesWhenNoIatAndTokensValidAfterSetThenRevoked() {
        assertThat(new Revocation(AFTER, null).revokes(null, NOW)).isTrue();
    }

    @Test
    void revokesWhenDenyItemBeforeItsExpiresAtThenRevokedAndAfterItThenNot() {
        Revocation revocation = new Revocation(null, NOW);
        assertThat(revocation.revokes(AFTER, NOW.minusMillis(1))).isTrue();
        assertThat(revocation.revokes(AFTER, NOW)).isFalse();
        assertThat(new Revocation(null, Instant.MAX).revokes(AFTER, NOW)).isTrue();
    }

    @Test
    void equalsWhenEveryComponentComparedThenRecordSemantics() {
        assertThat(Revocation.class.getRecordComponents()).hasSize(2);
        assertThat(new Revocation(AFTER, NOW)).isEqualTo(new Revocation(AFTER, NOW))
                .hasSameHashCodeAs(new Revocation(AFTER, NOW))
                .isNotEqualTo(new Revocation(AFTER, null)).isNotEqualTo(new Revocation(null, NOW));
    }
}
