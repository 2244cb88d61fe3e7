package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings records built in code: their constructors hold the invariants the reader checks. */
class SettingsRecordsTest {
    private static final IssuerSettings ISSUER =
            new IssuerSettings("https://issuer.example.com", Set.of("api"), false, null, null);

    @Test
    void verifierSettingsWhenDefaultsThenTheDocumentedValues() {
        VerifierSettings verifier = VerifierSettings.defaults(List.of(ISSUER));

        assertThat(verifier.algorithms()).containsExactly("RS256", "ES256");
        assertThat(verifier.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(verifier.principalClaim()).isEqualTo("sub");
        assertThat(verifier.requiredClaims()).isEmpty();
        assertThat(verifier.maxTokenBytes()).isEqualTo(8192);
        assertThat(verifier.verifiedTokenCacheMaxEntries()).isEqualTo(1000);
        assertThat(verifier.jwks()).isEqualTo(JwksSettings.DEFAULTS);
    }

    @Test
    void verifierSettingsWhenNoIssuerOrAnIssuerTwiceThenRefused() {
        assertThatThrownBy(() -> VerifierSettings.defaults(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerifierSettings.defaults(List.of(ISSUER, ISSUER)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void verifierSettingsWhenNoAlgorithmOrAnUnsupportedOneThenRefused() {
        for (Set<String> algorithms : List.of(Set.<String>of(), Set.of("HS256"), Set.of("RS256", "none"))) {
            assertThatThrownBy(() -> new VerifierSettings(List.of(ISSUER), algorithms, Duration.ZERO, "sub", Map.of(),
                    8192, 0, JwksSettings.DEFAULTS)).as(algorithms.toString()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void verifierSettingsWhenPresenceOnlyClaimThenNullValueKeptAndCopyUnmodifiable() {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("token_use", "access");
        claims.put("tenant", null);

        VerifierSettings verifier = new VerifierSettings(List.of(ISSUER), Set.of("ES256"), Duration.ZERO, "sub",
                claims, 8192, 0, JwksSettings.DEFAULTS);
        claims.clear();

        assertThat(verifier.requiredClaims()).containsOnlyKeys("token_use", "tenant")
                .containsEntry("token_use", "access").containsEntry("tenant", null);
        assertThatThrownBy(() -> verifier.requiredClaims().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void verifierSettingsWhenNegativeOrZeroLimitsThenRefused() {
        assertThatThrownBy(() -> new VerifierSettings(List.of(ISSUER), Set.of("ES256"), Duration.ofSeconds(-1), "sub",
                Map.of(), 8192, 0, JwksSettings.DEFAULTS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifierSettings(List.of(ISSUER), Set.of("ES256"), Duration.ZERO, " ",
                Map.of(), 8192, 0, JwksSettings.DEFAULTS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifierSettings(List.of(ISSUER), Set.of("ES256"), Duration.ZERO, "sub",
                Map.of(), 0, 0, JwksSettings.DEFAULTS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifierSettings(List.of(ISSUER), Set.of("ES256"), Duration.ZERO, "sub",
                Map.of(), 8192, -1, JwksSettings.DEFAULTS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void issuerSettingsWhenNoAudienceOrBothKeySourcesThenRefused() {
        assertThatThrownBy(() -> new IssuerSettings("https://a", Set.of(), false, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuerSettings("https://a", Set.of("x"), false, URI.create("https://a/keys"),
                "{\"keys\":[]}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jwksSettingsWhenNegativeDurationOrZeroTimeoutThenRefused() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new JwksSettings(second.negated(), second, second, second, second, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheTtl");
        assertThatThrownBy(() -> new JwksSettings(second, second, second, Duration.ZERO, second, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> new JwksSettings(second, second, second, second, second, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes");
    }

    @Test
    void permissionSettingsWhenBlankTableOrNegativeCacheValuesThenRefused() {
        assertThatThrownBy(() -> new PermissionSettings(" ", PermissionCacheSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PermissionCacheSettings(Duration.ofSeconds(-1), Duration.ZERO, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new PermissionCacheSettings(Duration.ZERO, Duration.ZERO, -1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }

    @Test
    void dynamoDbSettingsWhenFipsOrDualStackWithExplicitEndpointOrNegativeRetriesThenRefused() {
        Duration second = Duration.ofSeconds(1);
        URI explicit = URI.create("https://dynamodb.example.com");
        assertThatThrownBy(() -> new DynamoDbSettings(false, second, second, 0, "eu-west-1", explicit, true, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DynamoDbSettings(false, second, second, 0, "eu-west-1", explicit, false, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DynamoDbSettings(false, second, second, -1, "eu-west-1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> new DynamoDbSettings(false, Duration.ZERO, second, 0, "eu-west-1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiCallTimeout");
    }

    @Test
    void edgeSettingsWhenTokenHeaderIsNoHeaderNameThenRefused() {
        assertThatThrownBy(() -> new EdgeSettings("X Token", HttpApiResponse.SIMPLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new EdgeSettings("X-Api-Token", HttpApiResponse.IAM).tokenHeader()).isEqualTo("X-Api-Token");
    }

    @Test
    void authorizerSettingsWhenBuiltThenOrderKeptAndCopiesUnmodifiable() {
        AuthorizerSettings authorizer = new AuthorizerSettings(
                new java.util.LinkedHashSet<>(List.of("b", "a")), new java.util.ArrayList<>(List.of("tenant")));

        assertThat(authorizer.requiredScopes()).containsExactly("b", "a");
        assertThatThrownBy(() -> authorizer.requiredScopes().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> authorizer.contextClaims().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void settingsWhenAConcernMissingThenRefused() {
        Settings read = SettingsReader.read(SettingsReaderTest.minimal());
        assertThatThrownBy(() -> new Settings(read.verifier(), read.authorizer(), read.permissions(), read.dynamoDb(),
                null, read.observability(), read.runtime())).isInstanceOf(NullPointerException.class)
                .hasMessage("edge");
    }
}
