package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    // ---- DynamoDB region and endpoint

    @Test
    void fromWhenNoEndpointVariablesThenTheRegionalEndpoint() {
        Settings.DynamoDbSettings dynamoDb = Settings.from(minimal()).dynamoDb();

        assertThat(dynamoDb.region()).isEqualTo("eu-west-1");
        // No explicit endpoint: the regional one (DynamoDbEndpointsTest), neither FIPS nor dual-stack.
        assertThat(dynamoDb.endpoint()).isNull();
        assertThat(dynamoDb.fips()).isFalse();
        assertThat(dynamoDb.dualStack()).isFalse();
        assertThat(dynamoDb.apiCallTimeout()).isEqualTo(Settings.DynamoDbSettings.DEFAULT_API_CALL_TIMEOUT);
        assertThat(dynamoDb.apiCallAttemptTimeout()).isEqualTo(Settings.DynamoDbSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
        assertThat(dynamoDb.maxRetries()).isEqualTo(Settings.DynamoDbSettings.DEFAULT_MAX_RETRIES);
    }

    @Test
    void fromWhenNoRegionThenRefusedNamingAwsRegion() {
        Map<String, String> env = minimal();
        env.remove("AWS_REGION");
        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_REGION ");

        env.put("AWS_REGION", "  ");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("AWS_REGION ");
    }

    @Test
    void fromWhenOnlyAwsDefaultRegionThenUsedAndAwsRegionWinsWhenBothSet() {
        Map<String, String> env = minimal();
        env.remove("AWS_REGION");
        env.put("AWS_DEFAULT_REGION", "ap-southeast-2");

        Settings.DynamoDbSettings fallback = Settings.from(env).dynamoDb();
        assertThat(fallback.region()).isEqualTo("ap-southeast-2");
        assertThat(fallback.endpoint()).isNull();

        env.put("AWS_REGION", "eu-central-1");
        assertThat(Settings.from(env).dynamoDb().region()).isEqualTo("eu-central-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1.evil.com", "EU-WEST-1", "Eu-west-1", "eu-west-1/", "eu-west-1:443",
            "eu_west_1", "eu west 1", "euwest1", "-eu-west-1", "eu-west-1-", "eu--west-1", "evil.com#eu-west-1",
            "eu-west-1\u00e9", "user@eu-west-1"})
    void fromWhenRegionHasCharactersNoRegionHasThenRefused(String region) {
        Map<String, String> env = minimal();
        env.put("AWS_REGION", region);
        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_REGION is not an AWS region name");

        env.remove("AWS_REGION");
        env.put("AWS_DEFAULT_REGION", region);
        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_DEFAULT_REGION is not an AWS region name");
    }

    @Test
    void fromWhenServiceAndGlobalEndpointSetThenServiceSpecificWins() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        assertThat(Settings.from(env).dynamoDb().endpoint()).isEqualTo(URI.create("http://localhost:4566"));

        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
        Settings.DynamoDbSettings dynamoDb = Settings.from(env).dynamoDb();
        assertThat(dynamoDb.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(dynamoDb.region()).as("still signs for the region").isEqualTo("eu-west-1");
    }

    @Test
    void fromWhenIgnoreConfiguredEndpointUrlsThenRegionalEndpointAndExplicitOnesNotEvenValidated() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "ftp://not-even-valid/path");
        env.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
        assertThat(Settings.from(env).dynamoDb().endpoint()).isNull();

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("AWS_ENDPOINT_URL_DYNAMODB ");

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "yes");
        assertThatThrownBy(() -> Settings.from(env))
                .hasMessageStartingWith("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})
    void fromWhenExplicitEndpointHasPathQueryUserOrOtherSchemeThenRefusedNamingIt(String name) {
        for (String bad : new String[] {"https://dynamodb.example.com/prefix", "https://dynamodb.example.com/?x=1",
                "https://dynamodb.example.com/#f", "https://user:secret@dynamodb.example.com",
                "https://user@dynamodb.example.com", "ftp://dynamodb.example.com", "file:///etc/passwd",
                "dynamodb.example.com", "localhost:8000", "https:///", "https://dynamodb.example.com:8000/a b",
                "ws://127.0.0.1:8000"}) {
            Map<String, String> env = minimal();
            env.put(name, bad);
            assertThatThrownBy(() -> Settings.from(env)).as(bad).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(name + " ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8000", "http://localhost:8000",
            "https://dynamodb.eu-west-1.amazonaws.com", "https://dynamodb.eu-west-1.amazonaws.com/",
            "HTTPS://vpce-1a2b.dynamodb.eu-west-1.vpce.amazonaws.com", "http://[::1]:8000"})
    void fromWhenExplicitEndpointHttpOrHttpsWithHostThenUsedAsGiven(String endpoint) {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);

        assertThat(Settings.from(env).dynamoDb().endpoint()).isEqualTo(URI.create(endpoint));
    }

    @Test
    void fromWhenPlainHttpEndpointOffLoopbackThenRefusedUnlessAllowedExplicitly() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://host.docker.internal:8000");
        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL_DYNAMODB must use https");

        env.put("TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP", "true");
        assertThat(Settings.from(env).dynamoDb().endpoint()).isEqualTo(URI.create("http://host.docker.internal:8000"));
    }

    @Test
    void fromWhenFipsOnlyAsSystemPropertyThenRefusedNamingTheVariable() {
        String previous = System.setProperty("aws.useFipsEndpoint", "true");
        try {
            assertThatThrownBy(() -> Settings.from(minimal())).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("aws.useFipsEndpoint ")
                    .hasMessageContaining("AWS_USE_FIPS_ENDPOINT");
        } finally {
            if (previous == null) {
                System.clearProperty("aws.useFipsEndpoint");
            } else {
                System.setProperty("aws.useFipsEndpoint", previous);
            }
        }
    }

    @Test
    void fromWhenFipsFlagInvalidThenRefusedNamingIt() {
        Map<String, String> env = minimal();
        env.put("AWS_USE_FIPS_ENDPOINT", "1");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("AWS_USE_FIPS_ENDPOINT must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})
    void fromWhenFipsAndExplicitEndpointThenRefusedAsTheSdkDoes(String name) {
        Map<String, String> env = minimal();
        env.put("AWS_USE_FIPS_ENDPOINT", "true");
        env.put(name, "https://dynamodb.example.com");

        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_USE_FIPS_ENDPOINT cannot be combined with " + name);

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(Settings.from(env).dynamoDb().endpoint()).isNull();
        assertThat(Settings.from(env).dynamoDb().fips()).isTrue();
    }

    @Test
    void fromWhenDualStackThenTheRegionalDualStackEndpoint() {
        Map<String, String> env = minimal();
        env.put("AWS_USE_DUALSTACK_ENDPOINT", "true");
        env.put("AWS_USE_FIPS_ENDPOINT", "true");

        Settings.DynamoDbSettings dynamoDb = Settings.from(env).dynamoDb();

        assertThat(dynamoDb.dualStack()).isTrue();
        assertThat(dynamoDb.fips()).isTrue();
        assertThat(dynamoDb.endpoint()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})
    void fromWhenDualStackAndExplicitEndpointThenRefusedAsTheSdkDoes(String name) {
        Map<String, String> env = minimal();
        env.put("AWS_USE_DUALSTACK_ENDPOINT", "true");
        env.put(name, "http://127.0.0.1:8000");
        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_USE_DUALSTACK_ENDPOINT cannot be combined with " + name);

        env.put("AWS_USE_DUALSTACK_ENDPOINT", "false");
        assertThat(Settings.from(env).dynamoDb().endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
    }

    @Test
    void fromWhenDualStackOnlyAsSystemPropertyThenRefusedNamingTheVariable() {
        String previous = System.setProperty("aws.useDualstackEndpoint", "true");
        try {
            assertThatThrownBy(() -> Settings.from(minimal())).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("aws.useDualstackEndpoint ")
                    .hasMessageContaining("AWS_USE_DUALSTACK_ENDPOINT");
        } finally {
            if (previous == null) {
                System.clearProperty("aws.useDualstackEndpoint");
            } else {
                System.setProperty("aws.useDualstackEndpoint", previous);
            }
        }
    }
}
