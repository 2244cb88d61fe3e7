package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code TOLLGATE_REQUIRE_BOUND_TOKENS}, the per-issuer {@code requireBoundTokens},
 * {@code TOLLGATE_DPOP_PUBLIC_BASE_URL} and {@code TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES}.
 */
class SettingsReaderSenderConstraintTest {
    private static final String A = "https://a.example.com";
    private static final String B = "https://b.example.com";

    private static Map<String, String> issuers(String json) {
        return SettingsReaderTest.withIssuers(json);
    }

    @Test
    void readWhenUnsetThenDefaults() {
        assertThat(SettingsReader.read(SettingsReaderTest.minimal()).senderConstraint())
                .isEqualTo(SenderConstraintSettings.DEFAULTS);
        assertThat(SettingsReader.VARIABLES).contains("TOLLGATE_REQUIRE_BOUND_TOKENS", "TOLLGATE_DPOP_PUBLIC_BASE_URL",
                "TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES");
    }

    @Test
    void readWhenRequireBoundTokensThenTheSingleIssuerRequiresThem() {
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("TOLLGATE_REQUIRE_BOUND_TOKENS", "true");
        Settings settings = SettingsReader.read(env);
        assertThat(settings.senderConstraint().boundTokenIssuers())
                .containsExactly(settings.verifier().issuers().get(0).issuer());
    }

    @Test
    void readWhenIssuerEntriesSayRequireBoundTokensThenTheyOverrideTheVariable() {
        String json = "[{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"],\"requireBoundTokens\":true},"
                + "{\"issuer\":\"" + B + "\",\"audiences\":[\"y\"]}]";
        assertThat(SettingsReader.read(issuers(json)).senderConstraint().boundTokenIssuers()).containsExactly(A);

        Map<String, String> all = issuers("[{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"],\"requireBoundTokens\":false},"
                + "{\"issuer\":\"" + B + "\",\"audiences\":[\"y\"]}]");
        all.put("TOLLGATE_REQUIRE_BOUND_TOKENS", "true");
        assertThat(SettingsReader.read(all).senderConstraint().boundTokenIssuers()).containsExactly(B);
    }

    @Test
    void readWhenRequireBoundTokensIsNotABooleanThenNamesTheIssuer() {
        assertThatThrownBy(() -> SettingsReader.read(issuers("[{\"issuer\":\"" + A
                + "\",\"audiences\":[\"x\"],\"requireBoundTokens\":\"yes\"}]")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("TOLLGATE_ISSUERS").hasMessageContaining(A).hasMessageContaining("requireBoundTokens");
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("TOLLGATE_REQUIRE_BOUND_TOKENS", "yes");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageContaining("TOLLGATE_REQUIRE_BOUND_TOKENS");
    }

    @Test
    void readWhenRequireBoundTokensOnACognitoPresetThenEveryIssuerOfThePoolRequiresThem() {
        String json = "[{\"cognitoUserPoolId\":\"us-east-1_AbCdEf123\",\"tokenUse\":\"access\",\"clientIds\":[\"c1\"],"
                + "\"replicaRegions\":[\"eu-west-1\"],\"requireBoundTokens\":true},"
                + "{\"issuer\":\"" + B + "\",\"audiences\":[\"y\"]}]";
        assertThat(SettingsReader.read(issuers(json)).senderConstraint().boundTokenIssuers()).containsExactlyInAnyOrder(
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
                "https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbCdEf123",
                "https://issuer-cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbCdEf123");
    }

    @Test
    void readWhenRequireBoundTokensOnAnEntryNamingNoIssuerThenRefusedNotDropped() {
        Map<String, String> env = issuers("[{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"]}]");
        EnvironmentVariables vars = new EnvironmentVariables(Map.of("TOLLGATE_ISSUERS",
                "[{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"]},{\"requireBoundTokens\":true}]"));
        assertThatThrownBy(() -> new SenderConstraintReader(vars).read(SettingsReader.read(env).verifier().issuers()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("requireBoundTokens");
    }

    @Test
    void readWhenAnEntryMisspellsAnAttributeThenRefusedNotIgnored() {
        // A misspelt requirement would otherwise fail open: the issuer's tokens need no binding.
        for (String entry : new String[] {
                "{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"],\"requireBoundToken\":true}",
                "{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"],\"routeScope\":{\"GET /a\":[\"s\"]}}",
                "{\"cognitoUserPoolId\":\"us-east-1_AbCdEf123\",\"tokenUse\":\"access\",\"clientIds\":[\"c\"],\"replicaRegion\":[\"eu-west-1\"]}"}) {
            assertThatThrownBy(() -> SettingsReader.read(issuers("[" + entry + "]"))).as(entry)
                    .isInstanceOf(SettingsException.class).hasMessageContaining("TOLLGATE_ISSUERS")
                    .hasMessageContaining("unknown attribute");
        }
        assertThatThrownBy(() -> SettingsReader.read(issuers("[\"" + A + "\"]"))).isInstanceOf(SettingsException.class);
    }

    @Test
    void readWhenTheAttributeIsWrittenWithAJsonEscapeThenStillRead() {
        // "requireBoundT\u006fkens" is requireBoundTokens to every JSON reader: never dropped.
        String json = "[{\"issuer\":\"" + A + "\",\"audiences\":[\"x\"],\"requireBoundT\\u006fkens\":true,"
                + "\"routeSc\\u006fpes\":{\"GET /a\":[\"s\"]}}]";
        Settings settings = SettingsReader.read(issuers(json));
        assertThat(settings.senderConstraint().boundTokenIssuers()).containsExactly(A);
        assertThat(settings.authorizer().issuerRouteScopes().get(A)).containsKey("GET /a");
    }

    @Test
    void readWhenPublicBaseUrlSetThenTrailingSlashDroppedAndHttpsRequired() {
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("TOLLGATE_DPOP_PUBLIC_BASE_URL", "https://api.example.com/v1/");
        assertThat(SettingsReader.read(env).senderConstraint().dpopPublicBaseUrl())
                .isEqualTo(URI.create("https://api.example.com/v1"));
        env.put("TOLLGATE_DPOP_PUBLIC_BASE_URL", "http://127.0.0.1:3000");
        assertThat(SettingsReader.read(env).senderConstraint().dpopPublicBaseUrl())
                .isEqualTo(URI.create("http://127.0.0.1:3000"));
        for (String bad : new String[] {"http://api.example.com", "https://api.example.com/?x=1",
                "https://user@api.example.com", "api.example.com", "https://api.example.com/#f"}) {
            env.put("TOLLGATE_DPOP_PUBLIC_BASE_URL", bad);
            assertThatThrownBy(() -> SettingsReader.read(env)).as(bad).isInstanceOf(SettingsException.class)
                    .hasMessageContaining("TOLLGATE_DPOP_PUBLIC_BASE_URL");
        }
    }

    @Test
    void readWhenReplayCacheBoundOutOfRangeThenRefused() {
        Map<String, String> env = SettingsReaderTest.minimal();
        env.put("TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES", "5000");
        assertThat(SettingsReader.read(env).senderConstraint().dpopReplayCacheMaxEntries()).isEqualTo(5000);
        env.put("TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES", "10");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageContaining("TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES");
    }
}
