package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The roles claim: read once per verification by {@link RolesClaim}, carried on {@link VerifiedToken#roles()}. */
class RolesClaimTest {
    private final MutableClock clock = MutableClock.atTestNow();

    private TokenVerifier verifier(String rolesClaim) {
        return TokenAssertions.verifier(TestSettings.inlineKeys().with("TOLLGATE_ROLES_CLAIM", rolesClaim), clock);
    }

    @Test
    void verifyWhenTopLevelArrayThenRolesSortedAndDistinct() throws Exception {
        VerifiedToken verified = verifier("groups").verify(token().claim("groups", List.of("writer", "reader", "writer")).sign());

        assertThat(verified.roles()).containsExactly("reader", "writer");
    }

    @Test
    void verifyWhenColonNameThenTopLevelClaim() throws Exception {
        VerifiedToken verified = verifier("cognito:groups").verify(token().claim("cognito:groups", List.of("admins")).sign());

        assertThat(verified.roles()).containsExactly("admins");
    }

    @Test
    void verifyWhenDottedPathThenNestedArray() throws Exception {
        VerifiedToken verified = verifier("realm_access.roles")
                .verify(token().claim("realm_access", Map.of("roles", List.of("offline_access", "reader"))).sign());

        assertThat(verified.roles()).containsExactly("offline_access", "reader");
    }

    @Test
    void verifyWhenTopLevelNameWithADotAndNestedBothPresentThenTopLevelWins() throws Exception {
        VerifiedToken verified = verifier("a.b").verify(token().claim("a.b", List.of("top"))
                .claim("a", Map.of("b", List.of("nested"))).sign());

        assertThat(verified.roles()).containsExactly("top");
    }

    @Test
    void verifyWhenSpaceSeparatedStringThenEachNameEmptyOnesSkipped() throws Exception {
        VerifiedToken verified = verifier("roles").verify(token().claim("roles", " reader  writer ").sign());

        assertThat(verified.roles()).containsExactly("reader", "writer");
    }

    @Test
    void verifyWhenArrayHoldsEmptyStringsThenSkipped() throws Exception {
        VerifiedToken verified = verifier("roles").verify(token().claim("roles", List.of("", "reader")).sign());

        assertThat(verified.roles()).containsExactly("reader");
    }

    @Test
    void verifyWhenClaimAbsentOrNotConfiguredThenNoRoles() throws Exception {
        assertThat(verifier("groups").verify(token().sign()).roles()).isEmpty();
        TokenVerifier unconfigured = TokenAssertions.verifier(TestSettings.inlineKeys(), clock);
        assertThat(unconfigured.verify(token().claim("groups", List.of("admins")).sign()).roles()).isEmpty();
    }

    @Test
    void verifyWhen50RolesThenAcceptedAnd51ThenInvalidClaim() throws Exception {
        List<String> fifty = names(50);
        assertThat(verifier("groups").verify(token().claim("groups", fifty).sign()).roles()).hasSize(50);

        assertRejected(verifier("groups"), token().claim("groups", names(51)).sign(), Rejection.INVALID_CLAIM);
        assertRejected(verifier("groups"), token().claim("groups", String.join(" ", names(51))).sign(),
                Rejection.INVALID_CLAIM);
    }

    @Test
    void verifyWhen51EntriesButDuplicatesThenCountedOnce() throws Exception {
        List<String> roles = new ArrayList<>(names(50));
        roles.add("r0");
        assertThat(verifier("groups").verify(token().claim("groups", roles).sign()).roles()).hasSize(50);
    }

    @Test
    void verifyWhenWrongTypeThenInvalidClaim() {
        TokenVerifier verifier = verifier("groups");
        assertRejected(verifier, token().claim("groups", 7).sign(), Rejection.INVALID_CLAIM);
        assertRejected(verifier, token().claim("groups", true).sign(), Rejection.INVALID_CLAIM);
        assertRejected(verifier, token().claim("groups", Map.of("a", "b")).sign(), Rejection.INVALID_CLAIM);
        assertRejected(verifier, token().claim("groups", Arrays.asList("a", 1)).sign(), Rejection.INVALID_CLAIM);
        assertRejected(verifier, token().claim("groups", List.of("a", List.of("b"))).sign(), Rejection.INVALID_CLAIM);
    }

    @Test
    void verifyWhenRoleTooLongOrHasControlCharacterThenInvalidClaim() {
        TokenVerifier verifier = verifier("groups");
        assertRejected(verifier, token().claim("groups", List.of("x".repeat(RolesClaim.MAX_ROLE_LENGTH + 1))).sign(),
                Rejection.INVALID_CLAIM);
        assertRejected(verifier, token().claim("groups", List.of("a\nb")).sign(), Rejection.INVALID_CLAIM);
    }

    @Test
    void verifyWhenIssuerHasItsOwnRolesClaimThenItWinsOverTheVariable() throws Exception {
        TestSettings settings = TestSettings.inlineKeys()
                .with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null).with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ROLES_CLAIM", "groups")
                .with("TOLLGATE_ISSUERS", "[{\"issuer\":\"" + TestTokens.ISSUER + "\",\"audiences\":[\""
                        + TestTokens.AUDIENCE + "\"],\"rolesClaim\":\"realm_access.roles\",\"jwks\":"
                        + dev.tollgate.testing.TestKeys.jwks() + "}]");
        TokenVerifier verifier = TokenAssertions.verifier(settings, clock);

        VerifiedToken verified = verifier.verify(token().claim("groups", List.of("ignored"))
                .claim("realm_access", Map.of("roles", List.of("reader"))).sign());

        assertThat(verified.roles()).containsExactly("reader");
    }

    @Test
    void readWhenCalledDirectlyThenRolesAreReadOnly() throws Exception {
        var roles = RolesClaim.read(Map.of("groups", List.of("b", "a")), "groups");
        assertThat(roles).containsExactly("a", "b");
        assertThatThrownBy(() -> roles.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("r" + i);
        }
        return names;
    }
}
