package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.assertRejected;
import static dev.tollgate.token.TokenAssertions.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ClaimPath}: an exact top-level name first, then the dotted path. */
class ClaimPathTest {
    private static final Map<String, Object> CLAIMS = Map.of(
            "groups", List.of("a"),
            "cognito:groups", List.of("admins"),
            "realm_access", Map.of("roles", List.of("reader"), "inner", Map.of("deep", "x")),
            "a.b", "top-level",
            "a", Map.of("b", "nested"),
            "scalar", "s");

    @Test
    void valueWhenTopLevelNameThenThatClaim() {
        assertThat(ClaimPath.value(CLAIMS, "groups")).isEqualTo(List.of("a"));
        assertThat(ClaimPath.value(CLAIMS, "cognito:groups")).isEqualTo(List.of("admins"));
    }

    @Test
    void valueWhenDottedPathThenNestedMember() {
        assertThat(ClaimPath.value(CLAIMS, "realm_access.roles")).isEqualTo(List.of("reader"));
        assertThat(ClaimPath.value(CLAIMS, "realm_access.inner.deep")).isEqualTo("x");
    }

    @Test
    void valueWhenTopLevelNameHoldsADotThenTopLevelWinsOverThePath() {
        assertThat(ClaimPath.value(CLAIMS, "a.b")).isEqualTo("top-level");
        Map<String, Object> onlyNested = Map.of("a", Map.of("b", "nested"));
        assertThat(ClaimPath.value(onlyNested, "a.b")).isEqualTo("nested");
    }

    @Test
    void valueWhenPathMissingThroughScalarOrEmptySegmentThenNull() {
        assertThat(ClaimPath.value(CLAIMS, "missing")).isNull();
        assertThat(ClaimPath.value(CLAIMS, "realm_access.missing")).isNull();
        assertThat(ClaimPath.value(CLAIMS, "scalar.x")).isNull();
        assertThat(ClaimPath.value(CLAIMS, "realm_access..roles")).isNull();
        assertThat(ClaimPath.value(CLAIMS, ".groups")).isNull();
        assertThat(ClaimPath.value(CLAIMS, "realm_access.")).isNull();
    }

    @Test
    void valueWhenTopLevelNameIsJsonNullThenNullAndNoPathTried() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("a.b", null);
        claims.put("a", Map.of("b", "nested"));
        assertThat(ClaimPath.value(claims, "a.b")).isNull();
    }

    @Test
    void verifyWhenRequiredClaimIsADottedPathThenCheckedInTheNestedObject() throws Exception {
        TokenVerifier verifier = verifier(TestSettings.inlineKeys()
                .with("TOLLGATE_REQUIRED_CLAIMS", "realm_access.roles=reader,ext.tier"), MutableClock.atTestNow());

        assertThat(verifier.verify(token().claim("realm_access", Map.of("roles", List.of("reader")))
                .claim("ext", Map.of("tier", "gold")).sign())).isNotNull();
        assertRejected(verifier, token().claim("realm_access", Map.of("roles", List.of("writer")))
                .claim("ext", Map.of("tier", "gold")).sign(), Rejection.INVALID_CLAIM);
        assertRejected(verifier, token().claim("realm_access", Map.of("roles", List.of("reader"))).sign(),
                Rejection.MISSING_CLAIM);
    }
}
