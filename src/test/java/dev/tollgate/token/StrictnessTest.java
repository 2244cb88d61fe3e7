package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.assertRejected;
import static dev.tollgate.token.TokenAssertions.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token without {@code kid} when several keys fit, and the {@code Bearer} separator
 * ({@code "Bearer" 1*SP b64token}, RFC 6750 section 2.1).
 */
class StrictnessTest {
    private final MutableClock clock = MutableClock.atTestNow();

    @Test
    void verifyWhenNoKidAndTwoRsaKeysFitThenUnknownKeyWithoutTryingThem() {
        TokenVerifier verifier = verifier(TestSettings.inlineKeys()
                .with("TOLLGATE_JWKS_JSON", TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER, TestKeys.EC)), clock);

        assertRejected(verifier, token().kid(null).sign(), Rejection.UNKNOWN_KEY);
        assertRejected(verifier, token().kid(null).signedWith(TestKeys.RSA_OTHER, JWSAlgorithm.RS256).sign(), Rejection.UNKNOWN_KEY);
    }

    @Test
    void verifyWhenNoKidAndOneKeyFitsTheAlgorithmThenVerifiedWithIt() throws Exception {
        TokenVerifier verifier = verifier(TestSettings.inlineKeys()
                .with("TOLLGATE_JWKS_JSON", TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER, TestKeys.EC)), clock);

        // Two RSA keys, one EC P-256 key: an ES256 token without kid has exactly one candidate.
        assertThat(verifier.verify(token().kid(null).es256().sign()).principal()).isEqualTo("alice");
    }

    @Test
    void verifyWhenKidNamesOneOfSeveralKeysThenVerified() throws Exception {
        TokenVerifier verifier = verifier(TestSettings.inlineKeys()
                .with("TOLLGATE_JWKS_JSON", TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_OTHER)), clock);

        assertThat(verifier.verify(token().signedWith(TestKeys.RSA_OTHER, JWSAlgorithm.RS256).sign()).principal())
                .isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer\t", "Bearer \t", "Bearer\t ", "bearer  \t"})
    void extractWhenTabSeparatesSchemeAndTokenThenNotBearer(String prefix) {
        assertThatThrownBy(() -> BearerToken.extract(prefix + "abc.def.ghi", 8192))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.NOT_BEARER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer   ", "bearer ", "BEARER  "})
    void extractWhenOneOrMoreSpacesThenToken(String prefix) throws Exception {
        assertThat(BearerToken.extract(prefix + "abc.def.ghi", 8192)).isEqualTo("abc.def.ghi");
    }

    @Test
    void extractWhenTabInsideTheTokenThenTheVerifierRefusesItAsMalformed() throws Exception {
        String token = BearerToken.extract("Bearer abc\tdef.ghi.jkl", 8192);
        assertRejected(verifier(TestSettings.inlineKeys(), clock), token, Rejection.MALFORMED);
    }
}
