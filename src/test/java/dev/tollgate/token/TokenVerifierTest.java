package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.assertRejected;
import static dev.tollgate.token.TokenAssertions.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.RawTokens;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TokenVerifier} with inline keys and a pinned clock: every check, each by its rejection code. */
class TokenVerifierTest {
    private final MutableClock clock = MutableClock.atTestNow();
    private final TokenVerifier verifier = verifier(TestSettings.inlineKeys(), clock);

    @Nested
    class Accepted {
        @Test
        void verifyWhenValidRs256ThenPrincipalScopesAndClaims() throws Exception {
            VerifiedToken verified = verifier.verify(token().claim("scope", "orders:read orders:write").claim("tenant", "acme").sign());

            assertThat(verified.issuer()).isEqualTo(TestTokens.ISSUER);
            assertThat(verified.principal()).isEqualTo("alice");
            assertThat(verified.scopes()).containsExactly("orders:read", "orders:write");
            assertThat(verified.claims()).containsEntry("tenant", "acme").containsEntry("aud", TestTokens.AUDIENCE);
            assertThat(verified.expiresAt()).isEqualTo(TestTokens.NOW.plusSeconds(300));
        }

        @Test
        void verifyWhenValidEs256ThenAccepted() throws Exception {
            VerifiedToken verified = verifier.verify(token().es256().subject("bob").sign());

            assertThat(verified.principal()).isEqualTo("bob");
            assertThat(verified.scopes()).containsExactly("orders:read");
        }

        @Test
        void verifyWhenScpArrayAndNoScopeThenScopesFromScp() throws Exception {
            VerifiedToken verified = verifier.verify(token().claim("scope", null).claim("scp", List.of("a", "b")).sign());

            assertThat(verified.scopes()).containsExactly("a", "b");
        }

        @Test
        void verifyWhenNoKidThenMatchingKeyOfTheAlgorithmIsTried() throws Exception {
            assertThat(verifier.verify(token().kid(null).sign()).principal()).isEqualTo("alice");
        }

        @Test
        void verifyWhenAudArrayHoldsAcceptedAudienceThenAccepted() throws Exception {
            assertThat(verifier.verify(token().claim("aud", List.of("other", TestTokens.AUDIENCE)).sign())).isNotNull();
        }

        @Test
        void verifyWhenPrincipalClaimConfiguredThenPrincipalFromThatClaim() throws Exception {
            TokenVerifier byEmail = verifier(TestSettings.inlineKeys().with("TOLLGATE_PRINCIPAL_CLAIM", "email"), clock);

            assertThat(byEmail.verify(token().claim("email", "a@example.com").sign()).principal()).isEqualTo("a@example.com");
        }
    }

    @Nested
    class Time {
        @Test
        void verifyWhenExpiredBeyondSkewThenExpired() {
            assertRejected(verifier, token().expiresAt(TestTokens.NOW.minusSeconds(61)).sign(), Rejection.EXPIRED);
        }

        @Test
        void verifyWhenExpiredExactlyAtSkewThenExpired() {
            assertRejected(verifier, token().expiresAt(TestTokens.NOW.minusSeconds(60)).sign(), Rejection.EXPIRED);
        }

        @Test
        void verifyWhenExpiredWithinClockSkewThenAccepted() throws Exception {
            assertThat(verifier.verify(token().expiresAt(TestTokens.NOW.minusSeconds(59)).sign())).isNotNull();
        }

        @Test
        void verifyWhenClockSkewZeroAndJustExpiredThenExpired() {
            TokenVerifier strict = verifier(TestSettings.inlineKeys().with("TOLLGATE_CLOCK_SKEW_SECONDS", "0"), clock);

            assertRejected(strict, token().expiresAt(TestTokens.NOW).sign(), Rejection.EXPIRED);
        }

        @Test
        void verifyWhenExpMissingThenMissingClaim() {
            assertRejected(verifier, token().claim("exp", null).sign(), Rejection.MISSING_CLAIM);
        }

        @Test
        void verifyWhenNbfBeyondSkewInFutureThenNotYetValid() {
            assertRejected(verifier, token().claim("nbf", TestTokens.NOW.plusSeconds(61).getEpochSecond()).sign(),
                    Rejection.NOT_YET_VALID);
        }

        @Test
        void verifyWhenNbfWithinSkewThenAccepted() throws Exception {
            assertThat(verifier.verify(token().claim("nbf", TestTokens.NOW.plusSeconds(60).getEpochSecond()).sign()))
                    .isNotNull();
        }

        @Test
        void verifyWhenIatBeyondSkewInFutureThenIssuedInFuture() {
            assertRejected(verifier, token().claim("iat", TestTokens.NOW.plusSeconds(61).getEpochSecond()).sign(),
                    Rejection.ISSUED_IN_FUTURE);
        }

        @Test
        void verifyWhenIatWithinSkewThenAccepted() throws Exception {
            assertThat(verifier.verify(token().claim("iat", TestTokens.NOW.plusSeconds(60).getEpochSecond()).sign()))
                    .isNotNull();
        }

        @Test
        void verifyWhenIatAbsentThenAccepted() throws Exception {
            assertThat(verifier.verify(token().claim("iat", null).sign())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(doubles = {-1, 1e300, 253_402_300_800d})
        void verifyWhenExpOutOfNumericDateRangeThenInvalidClaim(double exp) {
            assertRejected(verifier, token().claim("exp", exp).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenExpHasFractionalSecondsThenAccepted() throws Exception {
            double exp = TestTokens.NOW.plusSeconds(300).getEpochSecond() + 0.5;

            assertThat(verifier.verify(token().claim("exp", exp).sign()).expiresAt())
                    .isEqualTo(TestTokens.NOW.plusMillis(300_500));
        }
    }

    @Nested
    class ClaimTypes {
        @ParameterizedTest
        @ValueSource(strings = {"exp", "nbf", "iat"})
        void verifyWhenNumericDateIsStringThenInvalidClaim(String claim) {
            assertRejected(verifier, token().claim(claim, String.valueOf(TestTokens.NOW.getEpochSecond())).sign(),
                    Rejection.INVALID_CLAIM);
        }

        @ParameterizedTest
        @ValueSource(strings = {"exp", "nbf", "iat"})
        void verifyWhenNumericDateIsBooleanThenInvalidClaim(String claim) {
            assertRejected(verifier, token().claim(claim, true).sign(), Rejection.INVALID_CLAIM);
        }

        @ParameterizedTest
        @ValueSource(strings = {"exp", "nbf", "iat"})
        void verifyWhenNumericDateIsArrayThenInvalidClaim(String claim) {
            assertRejected(verifier, token().claim(claim, List.of(TestTokens.NOW.getEpochSecond())).sign(),
                    Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenAudIsNumberThenInvalidClaim() {
            assertRejected(verifier, token().claim("aud", 42).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenAudIsObjectThenInvalidClaim() {
            assertRejected(verifier, token().claim("aud", Map.of("a", TestTokens.AUDIENCE)).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenAudArrayHoldsNonStringThenInvalidClaim() {
            assertRejected(verifier, token().claim("aud", List.of(TestTokens.AUDIENCE, 7)).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenSubIsNumberThenInvalidClaim() {
            assertRejected(verifier, token().claim("sub", 12345).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenSubIsArrayThenInvalidClaim() {
            assertRejected(verifier, token().claim("sub", List.of("alice")).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenJtiIsNumberThenInvalidClaim() {
            assertRejected(verifier, token().claim("jti", 1).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenScopeIsNumberThenInvalidClaim() {
            assertRejected(verifier, token().claim("scope", 1).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenScopeArrayHoldsNonStringThenInvalidClaim() {
            assertRejected(verifier, token().claim("scope", List.of("a", 2)).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenScpIsObjectThenInvalidClaim() {
            assertRejected(verifier, token().claim("scope", null).claim("scp", Map.of("a", "b")).sign(),
                    Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenClaimIsJsonNullThenTreatedAsAbsentOrRefused() {
            String nullExp = RawTokens.signJson("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    RawTokens.claimsJson().replaceFirst("\"exp\":\\d+", "\"exp\":null"), TestKeys.RSA, "RS256");
            String nullSub = RawTokens.signJson("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    RawTokens.claimsJson().replace("\"sub\":\"alice\"", "\"sub\":null"), TestKeys.RSA, "RS256");

            assertRejected(verifier, nullExp, Rejection.MISSING_CLAIM);
            assertRejected(verifier, nullSub, Rejection.INVALID_CLAIM);
        }
    }

    @Nested
    class Audience {
        @Test
        void verifyWhenAudStringMismatchThenWrongAudience() {
            assertRejected(verifier, token().claim("aud", "another-api").sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenAudArrayWithoutAcceptedAudienceThenWrongAudience() {
            assertRejected(verifier, token().claim("aud", List.of("x", "y")).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenAudArrayEmptyThenWrongAudience() {
            assertRejected(verifier, token().claim("aud", List.of()).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenAudMissingThenWrongAudience() {
            assertRejected(verifier, token().claim("aud", null).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenAudienceMatchDiffersOnlyInCaseThenWrongAudience() {
            assertRejected(verifier, token().claim("aud", TestTokens.AUDIENCE.toUpperCase()).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenSeveralAudiencesConfiguredThenAnyOneAccepted() throws Exception {
            TokenVerifier two = verifier(TestSettings.inlineKeys().with("TOLLGATE_AUDIENCE", "first, second"), clock);

            assertThat(two.verify(token().claim("aud", "second").sign())).isNotNull();
            assertRejected(two, token().claim("aud", TestTokens.AUDIENCE).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenClientIdMatchesButNotEnabledThenWrongAudience() {
            assertRejected(verifier, token().claim("aud", null).claim("client_id", TestTokens.AUDIENCE).sign(),
                    Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenClientIdMatchesAndEnabledThenAccepted() throws Exception {
            TokenVerifier cognito = verifier(
                    TestSettings.inlineKeys().with("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "true"), clock);

            assertThat(cognito.verify(token().claim("aud", null).claim("client_id", TestTokens.AUDIENCE)
                    .claim("token_use", "access").sign())).isNotNull();
        }

        @Test
        void verifyWhenClientIdEnabledButDifferentThenWrongAudience() {
            TokenVerifier cognito = verifier(
                    TestSettings.inlineKeys().with("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "true"), clock);

            assertRejected(cognito, token().claim("aud", null).claim("client_id", "other-client").sign(),
                    Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenClientIdEnabledAndNotStringThenInvalidClaim() {
            TokenVerifier cognito = verifier(
                    TestSettings.inlineKeys().with("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "true"), clock);

            assertRejected(cognito, token().claim("aud", null).claim("client_id", 5).sign(), Rejection.INVALID_CLAIM);
        }

        /**
         * A token whose {@code aud} names another resource server was minted for that server: a
         * matching {@code client_id} (the client, not the audience) must not make it ours. The
         * client_id fallback is for tokens without {@code aud} (Cognito access tokens).
         */
        @Test
        void verifyWhenAudNamesAnotherApiAndClientIdMatchesThenWrongAudience() {
            TokenVerifier cognito = verifier(
                    TestSettings.inlineKeys().with("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "true"), clock);

            assertRejected(cognito, token().claim("aud", "another-api").claim("client_id", TestTokens.AUDIENCE).sign(),
                    Rejection.WRONG_AUDIENCE);
        }
    }

    @Nested
    class IssuerAndPrincipal {
        @Test
        void verifyWhenIssuerUnknownThenUnknownIssuer() {
            assertRejected(verifier, token().claim("iss", "https://evil.example").sign(), Rejection.UNKNOWN_ISSUER);
        }

        @Test
        void verifyWhenIssuerHasTrailingSlashThenUnknownIssuer() {
            assertRejected(verifier, token().claim("iss", TestTokens.ISSUER + "/").sign(), Rejection.UNKNOWN_ISSUER);
        }

        @Test
        void verifyWhenIssuerIsNotStringThenUnknownIssuer() {
            assertRejected(verifier, token().claim("iss", List.of(TestTokens.ISSUER)).sign(), Rejection.UNKNOWN_ISSUER);
        }

        @Test
        void verifyWhenIssuerMissingThenUnknownIssuer() {
            assertRejected(verifier, token().claim("iss", null).sign(), Rejection.UNKNOWN_ISSUER);
        }

        @Test
        void verifyWhenPrincipalMissingThenMissingClaim() {
            assertRejected(verifier, token().claim("sub", null).sign(), Rejection.MISSING_CLAIM);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "al\u0000ice", "bob\n"})
        void verifyWhenPrincipalEmptyBlankOrControlThenInvalidClaim(String principal) {
            assertRejected(verifier, token().subject(principal).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenPrincipalTooLongThenInvalidClaim() {
            assertRejected(verifier, token().subject("a".repeat(TokenVerifier.MAX_PRINCIPAL_LENGTH + 1)).sign(),
                    Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenPrincipalAtMaximumLengthThenAccepted() throws Exception {
            String longest = "a".repeat(TokenVerifier.MAX_PRINCIPAL_LENGTH);

            assertThat(verifier.verify(token().subject(longest).sign()).principal()).isEqualTo(longest);
        }

        @Test
        void verifyWhenConfiguredPrincipalClaimNotStringThenInvalidClaim() {
            TokenVerifier byEmail = verifier(TestSettings.inlineKeys().with("TOLLGATE_PRINCIPAL_CLAIM", "email"), clock);

            assertRejected(byEmail, token().claim("email", 3).sign(), Rejection.INVALID_CLAIM);
            assertRejected(byEmail, token().sign(), Rejection.MISSING_CLAIM);
        }
    }

    @Nested
    class RequiredClaims {
        private final TokenVerifier required = verifier(
                TestSettings.inlineKeys().with("TOLLGATE_REQUIRED_CLAIMS", "token_use=access,tenant"), clock);

        @Test
        void verifyWhenRequiredClaimsPresentThenAccepted() throws Exception {
            assertThat(required.verify(token().claim("token_use", "access").claim("tenant", "acme").sign())).isNotNull();
        }

        @Test
        void verifyWhenRequiredValueInArrayThenAccepted() throws Exception {
            assertThat(required.verify(token().claim("token_use", List.of("id", "access")).claim("tenant", 1).sign()))
                    .isNotNull();
        }

        @Test
        void verifyWhenRequiredClaimAbsentThenMissingClaim() {
            assertRejected(required, token().claim("token_use", "access").sign(), Rejection.MISSING_CLAIM);
            assertRejected(required, token().claim("tenant", "acme").sign(), Rejection.MISSING_CLAIM);
        }

        @Test
        void verifyWhenRequiredClaimHasOtherValueThenInvalidClaim() {
            assertRejected(required, token().claim("token_use", "id").claim("tenant", "acme").sign(),
                    Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenRequiredStringValueGivenAsOtherTypeThenInvalidClaim() {
            assertRejected(required, token().claim("token_use", true).claim("tenant", "acme").sign(),
                    Rejection.INVALID_CLAIM);
        }
    }

    @Nested
    class Header {
        @Test
        void verifyWhenTypAbsentThenAccepted() throws Exception {
            assertThat(verifier.verify(token().header(h -> h.type(null)).sign())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt"})
        void verifyWhenTypIsJwtOrAccessTokenThenAccepted(String typ) throws Exception {
            assertThat(verifier.verify(token().header(h -> h.type(new JOSEObjectType(typ))).sign())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"JWS", "dpop+jwt", "secevent+jwt", "logout+jwt", "JOSE", "JOSE+JSON", "id_token+jwt", ""})
        void verifyWhenTypIsOtherThenWrongTokenType(String typ) {
            assertRejected(verifier, token().header(h -> h.type(new JOSEObjectType(typ))).sign(), Rejection.WRONG_TOKEN_TYPE);
        }

        @Test
        void verifyWhenAlgorithmNotInAllowListThenDisallowedAlgorithm() {
            assertRejected(verifier, token().signedWith(TestKeys.RSA, JWSAlgorithm.RS384).sign(),
                    Rejection.DISALLOWED_ALGORITHM);
        }

        @Test
        void verifyWhenAlgorithmAddedToAllowListThenAccepted() throws Exception {
            TokenVerifier rs384 = verifier(TestSettings.inlineKeys().with("TOLLGATE_ALGORITHMS", "RS384"), clock);

            assertThat(rs384.verify(token().signedWith(TestKeys.RSA, JWSAlgorithm.RS384).sign())).isNotNull();
            assertRejected(rs384, token().sign(), Rejection.DISALLOWED_ALGORITHM);
        }

        @Test
        void verifyWhenPs256AllowedThenRsaKeyVerifiesIt() throws Exception {
            TokenVerifier ps = verifier(TestSettings.inlineKeys().with("TOLLGATE_ALGORITHMS", "PS256"), clock);

            assertThat(ps.verify(token().signedWith(TestKeys.RSA, JWSAlgorithm.PS256).sign())).isNotNull();
        }
    }

    @Nested
    class Size {
        @Test
        void verifyWhenTokenLongerThanMaximumThenTokenTooLarge() {
            String large = token().claim("pad", "x".repeat(9000)).sign();

            assertRejected(verifier, large, Rejection.TOKEN_TOO_LARGE);
        }

        @Test
        void verifyWhenMaximumLoweredThenOrdinaryTokenTooLarge() {
            TokenVerifier small = verifier(TestSettings.inlineKeys().with("TOLLGATE_MAX_TOKEN_BYTES", "256"), clock);

            assertRejected(small, token().sign(), Rejection.TOKEN_TOO_LARGE);
        }
    }

    @Nested
    class VerifiedTokenCacheBehaviour {
        @Test
        void verifyWhenSameTokenTwiceThenSecondServedFromCacheWithoutVerifying() throws Exception {
            String jwt = token().sign();

            VerifiedToken first = verifier.verify(jwt);
            VerifiedToken second = verifier.verify(jwt);

            // The same instance: the second call did no parsing, signature or claim work.
            assertThat(second).isSameAs(first);
            assertThat(verifier.verifiedTokenCount()).isEqualTo(1);
        }

        @Test
        void verifyWhenCachedTokenExpiresThenExpired() throws Exception {
            String jwt = token().sign();
            verifier.verify(jwt);

            clock.advance(Duration.ofSeconds(300 + 60));

            assertRejected(verifier, jwt, Rejection.EXPIRED);
        }

        @Test
        void verifyWhenCachedTokenWithinSkewAfterExpThenStillAccepted() throws Exception {
            String jwt = token().sign();
            VerifiedToken first = verifier.verify(jwt);

            clock.advance(Duration.ofSeconds(300 + 59));

            assertThat(verifier.verify(jwt)).isSameAs(first);
        }

        @Test
        void verifyWhenCacheDisabledThenEachCallVerifiesAgain() throws Exception {
            TokenVerifier uncached = verifier(
                    TestSettings.inlineKeys().with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0"), clock);
            String jwt = token().sign();

            assertThat(uncached.verify(jwt)).isNotSameAs(uncached.verify(jwt));
            assertThat(uncached.verifiedTokenCount()).isZero();
        }

        @Test
        void forgetVerifiedTokensWhenCalledThenNextCallVerifiesAgain() throws Exception {
            String jwt = token().sign();
            VerifiedToken first = verifier.verify(jwt);

            verifier.forgetVerifiedTokens();

            assertThat(verifier.verifiedTokenCount()).isZero();
            assertThat(verifier.verify(jwt)).isNotSameAs(first).isEqualTo(first);
        }

        @Test
        void verifyWhenTokenRejectedThenNotRemembered() {
            assertRejected(verifier, token().claim("aud", "x").sign(), Rejection.WRONG_AUDIENCE);

            assertThat(verifier.verifiedTokenCount()).isZero();
        }
    }

    @Nested
    class MultipleIssuers {
        private static final String ISSUER_A = "https://a.issuer.example";
        private static final String ISSUER_B = "https://b.issuer.example";

        private final TokenVerifier multi = verifier(TestSettings.inlineKeys()
                .with("TOLLGATE_ISSUER", null)
                .with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUERS", "["
                        + "{\"issuer\":\"" + ISSUER_A + "\",\"audiences\":[\"api-a\"],\"jwks\":" + TestKeys.jwks(TestKeys.RSA) + "},"
                        + "{\"issuer\":\"" + ISSUER_B + "\",\"audiences\":[\"api-b\",\"api-b2\"],"
                        + "\"acceptClientIdAsAudience\":true,\"jwks\":" + TestKeys.jwks(TestKeys.EC) + "}]"),
                clock);

        @Test
        void verifyWhenEachIssuerSignsWithItsOwnKeyThenBothAccepted() throws Exception {
            assertThat(multi.verify(token().claim("iss", ISSUER_A).claim("aud", "api-a").sign()).issuer()).isEqualTo(ISSUER_A);
            assertThat(multi.verify(token().es256().claim("iss", ISSUER_B).claim("aud", "api-b2").sign()).issuer())
                    .isEqualTo(ISSUER_B);
        }

        @Test
        void verifyWhenAudienceOfOtherIssuerThenWrongAudience() {
            assertRejected(multi, token().claim("iss", ISSUER_A).claim("aud", "api-b").sign(), Rejection.WRONG_AUDIENCE);
            assertRejected(multi, token().es256().claim("iss", ISSUER_B).claim("aud", "api-a").sign(),
                    Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenSignedWithKeyOfOtherIssuerThenUnknownKey() {
            // Issuer B trusts only the EC key: the RSA key of issuer A means nothing for B.
            assertRejected(multi, token().claim("iss", ISSUER_B).claim("aud", "api-b").sign(), Rejection.UNKNOWN_KEY);
            assertRejected(multi, token().es256().claim("iss", ISSUER_A).claim("aud", "api-a").sign(),
                    Rejection.UNKNOWN_KEY);
        }

        @Test
        void verifyWhenClientIdAsAudienceOnlyForIssuerThatEnablesItThenOnlyThatIssuerAccepts() throws Exception {
            assertThat(multi.verify(token().es256().claim("iss", ISSUER_B).claim("aud", null).claim("client_id", "api-b")
                    .sign())).isNotNull();
            assertRejected(multi, token().claim("iss", ISSUER_A).claim("aud", null).claim("client_id", "api-a").sign(),
                    Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenSingleIssuerOfDefaultSettingsThenUnknownIssuer() {
            assertRejected(multi, token().sign(), Rejection.UNKNOWN_ISSUER);
        }

        @Test
        void keyCachesWhenTwoIssuersThenOneCacheEach() {
            assertThat(multi.keyCaches()).hasSize(2);
        }
    }

    @Test
    void keyCachesWhenInlineKeysThenNeverFetchOverNetwork() throws Exception {
        verifier.verify(token().sign());
        clock.advance(Duration.ofDays(30));
        verifier.keyCaches().forEach(JwksCache::revalidate);

        assertThat(verifier.verify(token().expiresAt(clock.instant().plusSeconds(60))
                .claim("iat", clock.instant().getEpochSecond()).sign())).isNotNull();
    }
}
