package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code TOLLGATE_ISSUERS} entries with {@code cognitoUserPoolId}: the issuers they expand to, and what is refused. */
class SettingsReaderCognitoTest {
    private static final String POOL = "us-east-1_AbCdEf123";

    private static List<IssuerSettings> issuers(String json) {
        return TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ISSUERS", json).build().verifier().issuers();
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> issuers(json))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.variable()).isEqualTo("TOLLGATE_ISSUERS"))
                .hasMessageContaining(message);
    }

    @Test
    void readWhenPoolWithoutReplicasThenBothIssuerFormatsOfItsRegionEachWithItsOwnJwks() {
        List<IssuerSettings> issuers = issuers("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\","
                + "\"clientIds\":[\"client-a\",\"client-b\"]}]");

        assertThat(issuers).extracting(IssuerSettings::issuer).containsExactly(
                "https://cognito-idp.us-east-1.amazonaws.com/" + POOL,
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL);
        assertThat(issuers).extracting(IssuerSettings::jwksUri).containsExactly(
                URI.create("https://cognito-idp.us-east-1.amazonaws.com/" + POOL + "/.well-known/jwks.json"),
                URI.create("https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL + "/.well-known/jwks.json"));
        IssuerSettings first = issuers.get(0);
        assertThat(first.cognito().tokenUse()).isEqualTo(CognitoPreset.TokenUse.ACCESS);
        assertThat(first.cognito().clientIds()).containsExactly("client-a", "client-b");
        assertThat(first.audiences()).containsExactlyInAnyOrder("client-a", "client-b");
        assertThat(first.acceptClientIdAsAudience()).isFalse();
        assertThat(issuers.get(1).cognito()).isSameAs(first.cognito());
    }

    @Test
    void readWhenReplicaRegionsThenBothFormatsForEveryRegionWithThePoolIdUnchanged() {
        List<IssuerSettings> issuers = issuers("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"id\","
                + "\"clientIds\":[\"c\"],\"replicaRegions\":[\"eu-west-1\",\"ap-southeast-2\"]}]");

        assertThat(issuers).extracting(IssuerSettings::issuer).containsExactly(
                "https://cognito-idp.us-east-1.amazonaws.com/" + POOL,
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL,
                "https://cognito-idp.eu-west-1.amazonaws.com/" + POOL,
                "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + POOL,
                "https://cognito-idp.ap-southeast-2.amazonaws.com/" + POOL,
                "https://issuer-cognito-idp.ap-southeast-2.amazonaws.com/" + POOL);
        assertThat(issuers.get(0).cognito().tokenUse()).isEqualTo(CognitoPreset.TokenUse.ID);
    }

    @Test
    void readWhenChinaOrGovCloudPoolThenThePartitionsDomain() {
        assertThat(issuers("[{\"cognitoUserPoolId\":\"cn-north-1_Abc\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"]}]"))
                .extracting(IssuerSettings::issuer)
                .containsExactly("https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Abc",
                        "https://issuer-cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Abc");
        assertThat(issuers("[{\"cognitoUserPoolId\":\"us-gov-west-1_Abc\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"]}]"))
                .extracting(IssuerSettings::issuer)
                .startsWith("https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Abc");
    }

    @Test
    void readWhenJwksUriThenEveryIssuerOfThePoolTakesItsKeysThere() {
        List<IssuerSettings> issuers = issuers("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\","
                + "\"clientIds\":[\"c\"],\"jwksUri\":\"https://keys.example.com/pool.json\",\"replicaRegions\":[\"eu-west-1\"]}]");

        assertThat(issuers).hasSize(4).extracting(IssuerSettings::jwksUri)
                .containsOnly(URI.create("https://keys.example.com/pool.json"));
        assertThat(issuers.get(0).cognito().jwksUri()).hasToString("https://keys.example.com/pool.json");
    }

    @Test
    void readWhenInlineJwksThenEveryIssuerHasThemAndNoUri() {
        List<IssuerSettings> issuers = issuers("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\","
                + "\"clientIds\":[\"c\"],\"jwks\":" + TestKeys.jwks() + "}]");

        assertThat(issuers).allSatisfy(issuer -> {
            assertThat(issuer.jwksJson()).contains("rsa-1");
            assertThat(issuer.jwksUri()).isNull();
        });
    }

    @Test
    void readWhenRolesClaimAndRouteScopesThenTheyApplyToEveryIssuerOfThePool() {
        Settings settings = TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUERS", "[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\","
                        + "\"clientIds\":[\"c\"],\"rolesClaim\":\"cognito:groups\","
                        + "\"routeScopes\":{\"GET /orders/*\":[\"orders/read\"]}}]").build();

        assertThat(settings.verifier().issuers()).extracting(IssuerSettings::rolesClaim).containsOnly("cognito:groups");
        assertThat(settings.authorizer().issuerRouteScopes()).containsOnlyKeys(
                "https://cognito-idp.us-east-1.amazonaws.com/" + POOL,
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + POOL);
    }

    @Test
    void readWhenPoolBesidePlainIssuerThenBothTrusted() {
        List<IssuerSettings> issuers = issuers("[{\"issuer\":\"https://login.example.com\",\"audiences\":[\"api\"]},"
                + "{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"]}]");

        assertThat(issuers).hasSize(3);
        assertThat(issuers.get(0).cognito()).isNull();
    }

    @Test
    void readWhenPlainEntryNamesAPoolIssuerThenListedTwice() {
        assertRefused("[{\"issuer\":\"https://cognito-idp.us-east-1.amazonaws.com/" + POOL + "\",\"audiences\":[\"c\"]},"
                + "{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"]}]", "twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AbCdEf123", "us-east-1", "us-east-1_", "US-EAST-1_abc", "us-east-1_ab/c", "../x_y",
            "us-east-1_abc?x=1"})
    void readWhenPoolIdMalformedThenRefused(String poolId) {
        assertRefused("[{\"cognitoUserPoolId\":\"" + poolId + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"]}]",
                "Cognito user pool id");
    }

    @Test
    void readWhenTokenUseMissingOrOtherThenRefused() {
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"clientIds\":[\"c\"]}]", "'tokenUse'");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"refresh\",\"clientIds\":[\"c\"]}]",
                "'tokenUse' must be \"access\" or \"id\"");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"ACCESS\",\"clientIds\":[\"c\"]}]", "'tokenUse'");
    }

    @Test
    void readWhenClientIdsMissingEmptyOrNotStringsThenRefused() {
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\"}]", "'clientIds'");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[]}]", "'clientIds'");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[7]}]", "'clientIds'");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":\"c\"}]", "'clientIds'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"issuer\":\"https://x.example\"", "\"audiences\":[\"c\"]", "\"acceptClientIdAsAudience\":true"})
    void readWhenGenericIssuerAttributeInPoolEntryThenRefused(String attribute) {
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"]," + attribute + "}]",
                "does not apply to a Cognito entry");
    }

    @Test
    void readWhenReplicaRegionIsThePoolsOwnOrTwiceOrMalformedThenRefused() {
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"],"
                + "\"replicaRegions\":[\"us-east-1\"]}]", "listed twice or is the pool's own region");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"],"
                + "\"replicaRegions\":[\"eu-west-1\",\"eu-west-1\"]}]", "listed twice");
        assertRefused("[{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"],"
                + "\"replicaRegions\":[\"evil.example.com/x\"]}]", "not a region name");
    }

    @Test
    void readWhenJwksUriPlainHttpOffLoopbackThenRefusedUnlessAllowed() {
        String entry = "{\"cognitoUserPoolId\":\"" + POOL + "\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"],"
                + "\"jwksUri\":\"http://keys.internal:8080/jwks.json\"";
        assertRefused("[" + entry + "}]", "must use https");
        assertThat(issuers("[" + entry + ",\"allowPlainHttp\":true}]")).allSatisfy(issuer ->
                assertThat(issuer.allowPlainHttp()).isTrue());
        assertRefused("[" + entry + ",\"jwks\":" + TestKeys.jwks() + ",\"allowPlainHttp\":true}]", "exclude each other");
    }

    @Test
    void presetWhenBuiltInCodeThenChecksItsInvariants() {
        assertThatThrownBy(() -> new CognitoPreset(POOL, CognitoPreset.TokenUse.ACCESS, java.util.Set.of(), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client id");
        CognitoPreset preset = new CognitoPreset(POOL, CognitoPreset.TokenUse.ID, java.util.Set.of("c"), List.of("eu-west-1"), null);
        assertThat(preset.region()).isEqualTo("us-east-1");
        assertThat(preset.issuers()).hasSize(4);
    }
}
