package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SettingsReader}: issuers, token checks and the other concerns; DynamoDB in {@link SettingsReaderDynamoDbTest}. */
class SettingsReaderTest {
    /** The variables every deployment sets: one issuer, its audiences, the table, the region. */
    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("TOLLGATE_ISSUER", "https://issuer.example.com");
        env.put("TOLLGATE_AUDIENCE", "api-a, api-b");
        env.put("TOLLGATE_PERMISSIONS_TABLE", "perms");
        env.put("AWS_REGION", "eu-west-1"); // Lambda always sets it
        return env;
    }

    /** {@link #minimal()} with {@code TOLLGATE_ISSUERS} in place of the single issuer and its audience. */
    static Map<String, String> withIssuers(String json) {
        Map<String, String> env = minimal();
        env.remove("TOLLGATE_ISSUER");
        env.remove("TOLLGATE_AUDIENCE");
        env.put("TOLLGATE_ISSUERS", json);
        return env;
    }

    @Test
    void readWhenMinimalThenDefaults() {
        Settings s = SettingsReader.read(minimal());
        assertThat(s.verifier().issuers()).hasSize(1);
        assertThat(s.verifier().issuers().get(0).audiences()).containsExactlyInAnyOrder("api-a", "api-b");
        assertThat(s.verifier().issuers().get(0).jwksUri()).isNull();
        assertThat(s.verifier().issuers().get(0).discoveryUri()).isEqualTo(URI.create("https://issuer.example.com/.well-known/openid-configuration"));
        assertThat(s.verifier().algorithms()).containsExactly("RS256", "ES256");
        assertThat(s.verifier().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.verifier().principalClaim()).isEqualTo("sub");
        assertThat(s.edge().httpApiResponse()).isEqualTo(HttpApiResponse.SIMPLE);
        assertThat(s.permissions().cache().staleIfError()).isZero();
        assertThat(s.dynamoDb().consistentRead()).isFalse();
    }

    @Test
    void readWhenRequiredMissingThenMessageNamesVariable() {
        for (String name : new String[] {"TOLLGATE_ISSUER", "TOLLGATE_AUDIENCE", "TOLLGATE_PERMISSIONS_TABLE"}) {
            Map<String, String> env = minimal();
            env.remove(name);
            assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(name + " ");
        }
    }

    @Test
    void readWhenAlgorithmsIncludeNoneOrHmacThenRefused() {
        for (String bad : new String[] {"none", "RS256,HS256", "hs512", "FOO256"}) {
            Map<String, String> env = minimal();
            env.put("TOLLGATE_ALGORITHMS", bad);
            assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_ALGORITHMS");
        }
    }

    @Test
    void readWhenJwksUriPlainHttpThenRefusedUnlessLoopback() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_JWKS_URI", "http://keys.example.com/jwks.json");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_JWKS_URI must use https");
        env.put("TOLLGATE_JWKS_URI", "http://127.0.0.1:8080/jwks.json");
        assertThat(SettingsReader.read(env).verifier().issuers().get(0).jwksUri()).hasHost("127.0.0.1");
        env.put("TOLLGATE_JWKS_URI", "http://localhost:8080/jwks.json");
        assertThat(SettingsReader.read(env).verifier().issuers().get(0).jwksUri()).hasHost("localhost");
        env.remove("TOLLGATE_JWKS_URI");
        env.put("TOLLGATE_ISSUER", "http://issuer.example.com");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_ISSUER must use https");
    }

    @Test
    void readWhenNumbersOutOfRangeOrNotNumbersThenRefused() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_CLOCK_SKEW_SECONDS", "abc");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_CLOCK_SKEW_SECONDS must be a whole number");
        env.put("TOLLGATE_CLOCK_SKEW_SECONDS", "100000");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_CLOCK_SKEW_SECONDS must be between");
        env.put("TOLLGATE_CLOCK_SKEW_SECONDS", "5");
        env.put("TOLLGATE_HTTP_API_RESPONSE", "xml");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_HTTP_API_RESPONSE must be one of");
        env.put("TOLLGATE_HTTP_API_RESPONSE", "IAM");
        env.put("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "yes");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE must be true or false");
    }

    @Test
    void readWhenIssuersJsonThenEachIssuerWithItsAudiencesAndKeys() {
        Map<String, String> env = minimal();
        env.remove("TOLLGATE_ISSUER");
        env.remove("TOLLGATE_AUDIENCE");
        env.put("TOLLGATE_ISSUERS", "[{\"issuer\":\"https://a.example.com\",\"audiences\":[\"x\"]},"
                + "{\"issuer\":\"https://cognito-idp.eu-west-1.amazonaws.com/pool\",\"audiences\":[\"client1\"],"
                + "\"acceptClientIdAsAudience\":true,\"jwksUri\":\"https://keys.example.com/jwks.json\"}]");
        Settings s = SettingsReader.read(env);
        assertThat(s.verifier().issuers()).extracting(IssuerSettings::issuer)
                .containsExactly("https://a.example.com", "https://cognito-idp.eu-west-1.amazonaws.com/pool");
        assertThat(s.verifier().issuers().get(1).acceptClientIdAsAudience()).isTrue();
        assertThat(s.verifier().issuers().get(1).jwksUri()).hasToString("https://keys.example.com/jwks.json");
    }

    @Test
    void readWhenIssuersJsonInvalidThenRefusedWithReason() {
        Map<String, String> env = minimal();
        env.remove("TOLLGATE_ISSUER");
        env.remove("TOLLGATE_AUDIENCE");
        for (String bad : new String[] {"{", "[]", "[{\"audiences\":[\"x\"]}]", "[{\"issuer\":\"https://a\"}]",
                "[{\"issuer\":\"https://a\",\"audiences\":[\"x\"]},{\"issuer\":\"https://a\",\"audiences\":[\"y\"]}]"}) {
            env.put("TOLLGATE_ISSUERS", bad);
            assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_ISSUERS");
        }
        env.put("TOLLGATE_ISSUERS", "[{\"issuer\":\"https://a\",\"audiences\":[\"x\"]}]");
        env.put("TOLLGATE_ISSUER", "https://b");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageContaining("cannot be combined");
    }

    @Test
    void readWhenRequiredClaimsThenNamesAndValues() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_REQUIRED_CLAIMS", "token_use=access, tenant");
        assertThat(SettingsReader.read(env).verifier().requiredClaims()).containsEntry("token_use", "access").containsEntry("tenant", null);
    }

    @Test
    void readWhenJwksFileMissingThenRefused() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_JWKS_FILE", "/nonexistent/jwks.json");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("TOLLGATE_JWKS_FILE cannot be read");
    }

    @Test
    void readWhenMinimalThenEveryConcernAtItsDefaults() {
        Settings s = SettingsReader.read(minimal());

        assertThat(s.verifier()).isEqualTo(VerifierSettings.defaults(s.verifier().issuers()));
        assertThat(s.authorizer()).isEqualTo(AuthorizerSettings.DEFAULTS);
        assertThat(s.permissions()).isEqualTo(new PermissionSettings("perms", PermissionCacheSettings.DEFAULTS));
        assertThat(s.edge()).isEqualTo(EdgeSettings.DEFAULTS);
        assertThat(s.observability()).isEqualTo(ObservabilitySettings.DEFAULTS);
        assertThat(s.runtime()).isEqualTo(new RuntimeSettings(true, false, false));
    }

    @Test
    void readWhenEachConcernsVariablesSetThenEachReachesItsConcern() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_ALGORITHMS", "ES384, RS512");
        env.put("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0");
        env.put("TOLLGATE_MAX_TOKEN_BYTES", "4096");
        env.put("TOLLGATE_JWKS_CACHE_TTL_SECONDS", "120");
        env.put("TOLLGATE_JWKS_READ_TIMEOUT_MS", "700");
        env.put("TOLLGATE_REQUIRED_SCOPES", "orders:write, orders:read");
        env.put("TOLLGATE_CONTEXT_CLAIMS", "tenant,email");
        env.put("TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES", "7");
        env.put("TOLLGATE_TOKEN_HEADER", "X-Api-Token");
        env.put("TOLLGATE_HTTP_API_RESPONSE", "iam");
        env.put("AWS_LAMBDA_LOG_LEVEL", "debug");
        env.put("TOLLGATE_METRICS", "false");
        env.put("TOLLGATE_PRIMING", "false");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "tollgate");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");

        Settings s = SettingsReader.read(env);

        assertThat(s.verifier().algorithms()).containsExactly("ES384", "RS512");
        assertThat(s.verifier().verifiedTokenCacheMaxEntries()).isZero();
        assertThat(s.verifier().maxTokenBytes()).isEqualTo(4096);
        assertThat(s.verifier().jwks().cacheTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.verifier().jwks().readTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(s.authorizer().requiredScopes()).containsExactly("orders:write", "orders:read");
        assertThat(s.authorizer().contextClaims()).containsExactly("tenant", "email");
        assertThat(s.permissions().cache().maxEntries()).isEqualTo(7);
        assertThat(s.edge()).isEqualTo(new EdgeSettings("X-Api-Token", HttpApiResponse.IAM));
        assertThat(s.observability()).isEqualTo(new ObservabilitySettings(LogLevel.DEBUG, false));
        assertThat(s.runtime()).isEqualTo(new RuntimeSettings(false, true, true));
    }

    @Test
    void readWhenTokenHeaderIsNoHeaderNameThenRefusedNamingIt() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_TOKEN_HEADER", "X Token");
        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessage("TOLLGATE_TOKEN_HEADER must be an HTTP header name")
                .extracting(e -> ((SettingsException) e).variable()).isEqualTo("TOLLGATE_TOKEN_HEADER");
    }
}
