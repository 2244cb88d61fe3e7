package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.VerifierSettings;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens of a Cognito user pool ({@code cognitoUserPoolId} entries): the issuers accepted, the
 * {@code token_use} and client checks, and where (and when) the keys are fetched. The network is a
 * recording fake: unit tests never reach it.
 */
class CognitoVerifierTest {
    private static final String POOL = "us-east-1_AbCdEf123";
    private static final String ORIGINAL = "https://cognito-idp.us-east-1.amazonaws.com/" + POOL;
    private static final String UPDATED = "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL;
    private static final String REPLICA_ORIGINAL = "https://cognito-idp.eu-west-1.amazonaws.com/" + POOL;
    private static final String REPLICA_UPDATED = "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + POOL;
    private static final String CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado";

    private final MutableClock clock = MutableClock.atTestNow();

    /** Answers GETs from a map of URI to body (or status), recording each. */
    static final class RecordingFetcher extends HttpFetcher {
        final List<URI> asked = new CopyOnWriteArrayList<>();
        final Map<URI, Object> answers = new ConcurrentHashMap<>();

        RecordingFetcher() {
            super(Duration.ofMillis(50), Duration.ofMillis(50), 1);
        }

        RecordingFetcher answer(String uri, Object bodyOrStatus) {
            answers.put(URI.create(uri), bodyOrStatus);
            return this;
        }

        @Override
        public String get(URI uri) throws IOException {
            asked.add(uri);
            Object answer = answers.get(uri);
            if (answer == null) {
                throw new HttpStatusException(uri, 404);
            }
            if (answer instanceof Integer status) {
                throw new HttpStatusException(uri, status);
            }
            return (String) answer;
        }
    }

    private static String entry(String tokenUse, String extra) {
        return "[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"" + tokenUse + "\",\"clientIds\":[\"" + CLIENT
                + "\",\"other-client\"]" + extra + "}]";
    }

    private static VerifierSettings settings(String issuers) {
        return TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ISSUERS", issuers).build().verifier();
    }

    private TokenVerifier verifier(String issuers, HttpFetcher http) {
        return TokenVerifier.create(settings(issuers), http, clock);
    }

    /** A Cognito access token: no aud, client_id, token_use access. */
    private static TestTokens access(String issuer) {
        return token().claim("iss", issuer).claim("aud", null).claim("client_id", CLIENT).claim("token_use", "access")
                .claim("scope", "orders/read").claim("username", "alice");
    }

    /** A Cognito ID token: aud is the client, token_use id. */
    private static TestTokens id(String issuer) {
        return token().claim("iss", issuer).claim("aud", CLIENT).claim("token_use", "id").claim("scope", null);
    }

    private static RecordingFetcher servingPoolKeys() {
        RecordingFetcher http = new RecordingFetcher();
        for (String issuer : List.of(ORIGINAL, UPDATED, REPLICA_ORIGINAL, REPLICA_UPDATED)) {
            http.answer(issuer + "/.well-known/jwks.json", TestKeys.jwks());
        }
        return http;
    }

    @Nested
    class Issuers {
        @ParameterizedTest
        @ValueSource(strings = {ORIGINAL, UPDATED, REPLICA_ORIGINAL, REPLICA_UPDATED})
        void verifyWhenAccessTokenNamesAnyIssuerOfThePoolThenAcceptedWithKeysOfThatIssuer(String issuer) throws Exception {
            RecordingFetcher http = servingPoolKeys();
            TokenVerifier verifier = verifier(entry("access", ",\"replicaRegions\":[\"eu-west-1\"]"), http);

            VerifiedToken verified = verifier.verify(access(issuer).sign());

            assertThat(verified.issuer()).isEqualTo(issuer);
            assertThat(verified.principal()).isEqualTo("alice");
            assertThat(verified.scopes()).containsExactly("orders/read");
            assertThat(http.asked).containsExactly(URI.create(issuer + "/.well-known/jwks.json"));
        }

        @Test
        void verifyWhenTokenNamesAReplicaRegionNotConfiguredThenUnknownIssuerAndNothingFetched() {
            RecordingFetcher http = servingPoolKeys();
            TokenVerifier verifier = verifier(entry("access", ""), http);

            assertRejected(verifier, access(REPLICA_ORIGINAL).sign(), Rejection.UNKNOWN_ISSUER);
            assertRejected(verifier, access(ORIGINAL + "/").sign(), Rejection.UNKNOWN_ISSUER);
            assertRejected(verifier, access("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other").sign(),
                    Rejection.UNKNOWN_ISSUER);
            assertThat(http.asked).isEmpty();
        }

        @Test
        void createWhenPoolHasNoJwksUriThenNothingFetchedAtInitOrRestore() {
            RecordingFetcher http = servingPoolKeys();
            TokenVerifier verifier = verifier(entry("access", ",\"replicaRegions\":[\"eu-west-1\"]"), http);

            verifier.keyCaches().forEach(JwksCache::prefetch);
            verifier.keyCaches().forEach(JwksCache::revalidate);

            assertThat(verifier.keyCaches()).hasSize(4);
            assertThat(http.asked).as("no issuer endpoint is fetched before a token names it").isEmpty();
        }

        @Test
        void revalidateWhenAnIssuerHasFetchedKeysThenOnlyThatOneIsFetchedAgain() throws Exception {
            RecordingFetcher http = servingPoolKeys();
            TokenVerifier verifier = verifier(entry("access", ""), http);
            verifier.verify(access(UPDATED).sign());

            verifier.keyCaches().forEach(JwksCache::revalidate);

            assertThat(http.asked).containsExactly(URI.create(UPDATED + "/.well-known/jwks.json"),
                    URI.create(UPDATED + "/.well-known/jwks.json"));
        }

        @ParameterizedTest
        @ValueSource(ints = {403, 404})
        void verifyWhenPoolDoesNotServeTheIssuerThenUnknownKeyNotAnOutage(int status) throws Exception {
            RecordingFetcher http = new RecordingFetcher().answer(ORIGINAL + "/.well-known/jwks.json", TestKeys.jwks())
                    .answer(UPDATED + "/.well-known/jwks.json", status);
            TokenVerifier verifier = verifier(entry("access", ""), http);

            assertThat(verifier.verify(access(ORIGINAL).sign()).principal()).isEqualTo("alice");
            assertRejected(verifier, access(UPDATED).sign(), Rejection.UNKNOWN_KEY);
            assertRejected(verifier, access(UPDATED).claim("jti", "again").sign(), Rejection.UNKNOWN_KEY);
            assertThat(http.asked).as("the refetch stays rate-limited").containsExactly(
                    URI.create(ORIGINAL + "/.well-known/jwks.json"), URI.create(UPDATED + "/.well-known/jwks.json"));
        }

        @ParameterizedTest
        @ValueSource(ints = {403, 404})
        void verifyWhenNoIssuerOfThePoolHasServedKeysYetThenA403IsAnOutageNotUnknownKey(int status) {
            // A fresh instance meeting an outage of the pool's endpoints: a 500 (retried), never the
            // 401 clients take for "sign in again".
            RecordingFetcher http = new RecordingFetcher().answer(ORIGINAL + "/.well-known/jwks.json", status);
            TokenVerifier verifier = verifier(entry("access", ""), http);

            assertThatThrownBy(() -> verifier.verify(access(ORIGINAL).sign())).isInstanceOf(JwksUnavailableException.class)
                    .hasMessageContaining("HTTP " + status);
        }

        @ParameterizedTest
        @ValueSource(ints = {403, 404})
        void revalidateWhenAnIssuerInUseAnswersNoKeysThenItsCachedKeysKeepServing(int status) throws Exception {
            RecordingFetcher http = servingPoolKeys();
            TokenVerifier verifier = verifier(entry("access", ""), http);
            verifier.verify(access(UPDATED).sign());
            http.answer(UPDATED + "/.well-known/jwks.json", status);

            // A passing 403/404 of an endpoint that served keys is an outage, never "no keys".
            verifier.keyCaches().forEach(JwksCache::revalidate);
            verifier.forgetVerifiedTokens();

            assertThat(verifier.verify(access(UPDATED).claim("jti", "after").sign()).principal()).isEqualTo("alice");
        }

        @Test
        void verifyWhenAnIssuerWithoutKeysKeepsFailingThenOneFetchPerBackoffNotOnePerRequest() {
            RecordingFetcher http = new RecordingFetcher().answer(REPLICA_ORIGINAL + "/.well-known/jwks.json", 503);
            TokenVerifier verifier = verifier(entry("access", ",\"replicaRegions\":[\"eu-west-1\"]"), http);

            for (int i = 0; i < 100; i++) {
                String token = access(REPLICA_ORIGINAL).claim("jti", "flood-" + i).sign();
                assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(JwksUnavailableException.class);
            }
            assertThat(http.asked).as("a flood of tokens naming a failing issuer is one outbound fetch").hasSize(1);

            clock.advance(java.time.Duration.ofSeconds(5));
            assertThatThrownBy(() -> verifier.verify(access(REPLICA_ORIGINAL).sign())).isInstanceOf(JwksUnavailableException.class);
            assertThat(http.asked).as("asked again once the backoff has passed").hasSize(2);
        }

        @Test
        void verifyWhenPoolEndpointFailsOtherwiseThenKeysUnavailable() {
            RecordingFetcher http = new RecordingFetcher().answer(ORIGINAL + "/.well-known/jwks.json", 500);
            TokenVerifier verifier = verifier(entry("access", ""), http);

            assertThatThrownBy(() -> verifier.verify(access(ORIGINAL).sign())).isInstanceOf(JwksUnavailableException.class)
                    .hasMessageContaining("HTTP 500");
        }

        @Test
        void createWhenJwksUriGivenThenAllIssuersShareOneCacheFetchedOnceAhead() throws Exception {
            RecordingFetcher http = new RecordingFetcher().answer("https://keys.example.com/pool.json", TestKeys.jwks());
            TokenVerifier verifier = verifier(entry("access", ",\"replicaRegions\":[\"eu-west-1\"],"
                    + "\"jwksUri\":\"https://keys.example.com/pool.json\""), http);

            assertThat(verifier.keyCaches()).hasSize(1);
            verifier.keyCaches().forEach(JwksCache::prefetch);
            for (String issuer : List.of(ORIGINAL, UPDATED, REPLICA_ORIGINAL, REPLICA_UPDATED)) {
                assertThat(verifier.verify(access(issuer).sign()).issuer()).isEqualTo(issuer);
            }
            assertThat(http.asked).containsExactly(URI.create("https://keys.example.com/pool.json"));
        }

        @Test
        void createWhenInlineJwksThenNoNetworkAtAll() throws Exception {
            TokenVerifier verifier = TokenVerifier.create(settings(entry("access", ",\"jwks\":" + TestKeys.jwks())),
                    TokenAssertions.NO_NETWORK, clock);

            assertThat(verifier.verify(access(UPDATED).sign()).principal()).isEqualTo("alice");
            assertThat(verifier.keyCaches()).hasSize(1);
        }
    }

    @Nested
    class AccessTokens {
        private final TokenVerifier verifier = verifier(entry("access", ""), servingPoolKeys());

        @Test
        void verifyWhenTokenUseIsIdThenWrongTokenType() {
            assertRejected(verifier, id(ORIGINAL).sign(), Rejection.WRONG_TOKEN_TYPE);
            assertRejected(verifier, access(ORIGINAL).claim("token_use", "id").sign(), Rejection.WRONG_TOKEN_TYPE);
        }

        @Test
        void verifyWhenTokenUseMissingOrOtherThenWrongTokenType() {
            assertRejected(verifier, access(ORIGINAL).claim("token_use", null).sign(), Rejection.WRONG_TOKEN_TYPE);
            assertRejected(verifier, access(ORIGINAL).claim("token_use", "Access").sign(), Rejection.WRONG_TOKEN_TYPE);
            assertRejected(verifier, access(ORIGINAL).claim("token_use", "refresh").sign(), Rejection.WRONG_TOKEN_TYPE);
        }

        @Test
        void verifyWhenTokenUseNotAStringThenInvalidClaim() {
            assertRejected(verifier, access(ORIGINAL).claim("token_use", List.of("access")).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenClientIdOfAnotherClientOrMissingThenWrongAudience() {
            assertRejected(verifier, access(ORIGINAL).claim("client_id", "someone-else").sign(), Rejection.WRONG_AUDIENCE);
            assertRejected(verifier, access(ORIGINAL).claim("client_id", null).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenAudNamesTheClientButNoClientIdThenWrongAudience() {
            // An access token names its client in client_id; an aud does not stand in for it.
            assertRejected(verifier, access(ORIGINAL).claim("client_id", null).claim("aud", CLIENT).sign(),
                    Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenClientIdNotAStringThenInvalidClaim() {
            assertRejected(verifier, access(ORIGINAL).claim("client_id", List.of(CLIENT)).sign(), Rejection.INVALID_CLAIM);
        }

        @Test
        void verifyWhenSecondConfiguredClientThenAccepted() throws Exception {
            assertThat(verifier.verify(access(UPDATED).claim("client_id", "other-client").sign()).principal()).isEqualTo("alice");
        }
    }

    @Nested
    class IdTokens {
        private final TokenVerifier verifier = verifier(entry("id", ""), servingPoolKeys());

        @Test
        void verifyWhenIdTokenOfAConfiguredClientThenAccepted() throws Exception {
            assertThat(verifier.verify(id(ORIGINAL).sign()).principal()).isEqualTo("alice");
            assertThat(verifier.verify(id(UPDATED).claim("aud", List.of("x", "other-client")).sign()).principal()).isEqualTo("alice");
        }

        @Test
        void verifyWhenAccessTokenThenWrongTokenType() {
            assertRejected(verifier, access(ORIGINAL).sign(), Rejection.WRONG_TOKEN_TYPE);
        }

        @Test
        void verifyWhenAudOfAnotherClientOrMissingThenWrongAudience() {
            assertRejected(verifier, id(ORIGINAL).claim("aud", "someone-else").sign(), Rejection.WRONG_AUDIENCE);
            assertRejected(verifier, id(ORIGINAL).claim("aud", null).sign(), Rejection.WRONG_AUDIENCE);
            // client_id does not stand in for an ID token's aud
            assertRejected(verifier, id(ORIGINAL).claim("aud", null).claim("client_id", CLIENT).sign(), Rejection.WRONG_AUDIENCE);
        }

        @Test
        void verifyWhenAudHoldsANonStringThenInvalidClaim() {
            assertRejected(verifier, id(ORIGINAL).claim("aud", List.of(CLIENT, 7)).sign(), Rejection.INVALID_CLAIM);
            assertRejected(verifier, id(ORIGINAL).claim("aud", 7).sign(), Rejection.INVALID_CLAIM);
        }
    }

    @Test
    void verifyWhenPlainIssuerBesideAPoolThenItsAudienceRulesAreUnchanged() throws Exception {
        String issuers = "[{\"issuer\":\"" + TestTokens.ISSUER + "\",\"audiences\":[\"" + TestTokens.AUDIENCE + "\"],\"jwks\":"
                + TestKeys.jwks() + "}," + entry("access", "").substring(1);
        TokenVerifier verifier = verifier(issuers, servingPoolKeys());

        assertThat(verifier.verify(token().sign()).principal()).isEqualTo("alice");
        assertRejected(verifier, token().claim("aud", null).claim("client_id", TestTokens.AUDIENCE).sign(), Rejection.WRONG_AUDIENCE);
        assertThat(verifier.verify(access(ORIGINAL).sign()).principal()).isEqualTo("alice");
    }
}
