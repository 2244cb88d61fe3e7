package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("TOLLGATE_ISSUER", "https://issuer.example.com");
        env.put("TOLLGATE_AUDIENCE", "api-a, api-b");
        env.put("TOLLGATE_PERMISSIONS_TABLE", "perms");
        env.put("AWS_REGION", "eu-west-1"); // Lambda always sets it
        return env;
    }

    @Test
    void fromWhenMinimalThenDefaults() {
        Settings s = Settings.from(minimal());
        assertThat(s.issuers()).hasSize(1);
        assertThat(s.issuers().get(0).audiences()).containsExactlyInAnyOrder("api-a", "api-b");
        assertThat(s.issuers().get(0).jwksUri()).isNull();
        assertThat(s.issuers().get(0).discoveryUri()).isEqualTo(URI.create("https://issuer.example.com/.well-known/openid-configuration"));
        assertThat(s.algorithms()).containsExactly("RS256", "ES256");
        assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.principalClaim()).isEqualTo("sub");
        assertThat(s.httpApiResponse()).isEqualTo(Settings.HttpApiResponse.SIMPLE);
        assertThat(s.permissionCache().staleIfError()).isZero();
        assertThat(s.dynamoDb().consistentRead()).isFalse();
    }

    @Test
    void fromWhenRequiredMissingThenMessageNamesVariable() {
        for (String name : new String[] {"TOLLGATE_ISSUER", "TOLLGATE_AUDIENCE", "TOLLGATE_PERMISSIONS_TABLE"}) {
            Map<String, String> env = minimal();
            env.remove(name);
            assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(name + " ");
        }
    }

    @Test
    void fromWhenAlgorithmsIncludeNoneOrHmacThenRefused() {
        for (String bad : new String[] {"none", "RS256,HS256", "hs512", "FOO256"}) {
            Map<String, String> env = minimal();
            env.put("TOLLGATE_ALGORITHMS", bad);
            assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_ALGORITHMS");
        }
    }

    @Test
    void fromWhenJwksUriPlainHttpThenRefusedUnlessLoopback() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_JWKS_URI", "http://keys.example.com/jwks.json");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_JWKS_URI must use https");
        env.put("TOLLGATE_JWKS_URI", "http://127.0.0.1:8080/jwks.json");
        assertThat(Settings.from(env).issuers().get(0).jwksUri()).hasHost("127.0.0.1");
        env.put("TOLLGATE_JWKS_URI", "http://localhost:8080/jwks.json");
        assertThat(Settings.from(env).issuers().get(0).jwksUri()).hasHost("localhost");
        env.remove("TOLLGATE_JWKS_URI");
        env.put("TOLLGATE_ISSUER", "http://issuer.example.com");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_ISSUER must use https");
    }

    @Test
    void fromWhenNumbersOutOfRangeOrNotNumbersThenRefused() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_CLOCK_SKEW_SECONDS", "abc");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_CLOCK_SKEW_SECONDS must be a whole number");
        env.put("TOLLGATE_CLOCK_SKEW_SECONDS", "100000");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_CLOCK_SKEW_SECONDS must be between");
        env.put("TOLLGATE_CLOCK_SKEW_SECONDS", "5");
        env.put("TOLLGATE_HTTP_API_RESPONSE", "xml");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_HTTP_API_RESPONSE must be one of");
        env.put("TOLLGATE_HTTP_API_RESPONSE", "IAM");
        env.put("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", "yes");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE must be true or false");
    }

    @Test
    void fromWhenIssuersJsonThenEachIssuerWithItsAudiencesAndKeys() {
        Map<String, String> env = minimal();
        env.remove("TOLLGATE_ISSUER");
        env.remove("TOLLGATE_AUDIENCE");
        env.put("TOLLGATE_ISSUERS", "[{\"issuer\":\"https://a.example.com\",\"audiences\":[\"x\"]},"
                + "{\"issuer\":\"https://cognito-idp.eu-west-1.amazonaws.com/pool\",\"audiences\":[\"client1\"],"
                + "\"acceptClientIdAsAudience\":true,\"jwksUri\":\"https://keys.example.com/jwks.json\"}]");
        Settings s = Settings.from(env);
        assertThat(s.issuers()).extracting(Settings.IssuerSettings::issuer)
                .containsExactly("https://a.example.com", "https://cognito-idp.eu-west-1.amazonaws.com/pool");
        assertThat(s.issuers().get(1).acceptClientIdAsAudience()).isTrue();
        assertThat(s.issuers().get(1).jwksUri()).hasToString("https://keys.example.com/jwks.json");
    }

    @Test
    void fromWhenIssuersJsonInvalidThenRefusedWithReason() {
        Map<String, String> env = minimal();
        env.remove("TOLLGATE_ISSUER");
        env.remove("TOLLGATE_AUDIENCE");
        for (String bad : new String[] {"{", "[]", "[{\"audiences\":[\"x\"]}]", "[{\"issuer\":\"https://a\"}]",
                "[{\"issuer\":\"https://a\",\"audiences\":[\"x\"]},{\"issuer\":\"https://a\",\"audiences\":[\"y\"]}]"}) {
            env.put("TOLLGATE_ISSUERS", bad);
            assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_ISSUERS");
        }
        env.put("TOLLGATE_ISSUERS", "[{\"issuer\":\"https://a\",\"audiences\":[\"x\"]}]");
        env.put("TOLLGATE_ISSUER", "https://b");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageContaining("cannot be combined");
    }

    @Test
    void fromWhenRequiredClaimsThenNamesAndValues() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_REQUIRED_CLAIMS", "token_use=access, tenant");
        assertThat(Settings.from(env).requiredClaims()).containsEntry("token_use", "access").containsEntry("tenant", null);
    }

    @Test
    void fromWhenJwksFileMissingThenRefused() {
        Map<String, String> env = minimal();
        env.put("TOLLGATE_JWKS_FILE", "/nonexistent/jwks.json");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("TOLLGATE_JWKS_FILE cannot be read");
    }
}
