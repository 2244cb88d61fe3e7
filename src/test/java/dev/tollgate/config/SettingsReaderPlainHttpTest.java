package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.TestSettings;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER} and an entry's {@code allowPlainHttp}: plain http for an
 * identity provider on a non-loopback host, refused by default.
 */
class SettingsReaderPlainHttpTest {
    private static final String PRIVATE_ISSUER = "http://keycloak.keycloak.svc.cluster.local:8080/realms/x";

    private static TestSettings single(String issuer) {
        return TestSettings.inlineKeys().with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ISSUER", issuer);
    }

    private static TestSettings json(String issuers) {
        return TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ISSUERS", issuers);
    }

    @Test
    void readWhenPlainHttpIssuerOffLoopbackAndNoSwitchThenRefusedNamingTheSwitch() {
        assertThatThrownBy(() -> single(PRIVATE_ISSUER).build())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("TOLLGATE_ISSUER must use https")
                .hasMessageContaining("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER=true");
        assertThatThrownBy(() -> single("https://login.example.com").with("TOLLGATE_JWKS_URI", "http://keys.internal/jwks").build())
                .isInstanceOf(SettingsException.class).hasMessageContaining("TOLLGATE_JWKS_URI must use https");
    }

    @Test
    void readWhenSwitchOnThenPlainHttpIssuerAndJwksUriAccepted() {
        IssuerSettings issuer = single(PRIVATE_ISSUER).with("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "true").build()
                .verifier().issuers().get(0);
        assertThat(issuer.allowPlainHttp()).isTrue();
        assertThat(issuer.discoveryUri()).hasToString(PRIVATE_ISSUER + "/.well-known/openid-configuration");

        IssuerSettings withUri = single(PRIVATE_ISSUER).with("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "true")
                .with("TOLLGATE_JWKS_URI", "http://keycloak.keycloak.svc.cluster.local:8080/realms/x/certs").build()
                .verifier().issuers().get(0);
        assertThat(withUri.jwksUri()).hasToString("http://keycloak.keycloak.svc.cluster.local:8080/realms/x/certs");
    }

    @Test
    void readWhenSwitchOffThenDefaultStaysHttpsOnlyAndLoopbackHttpStillAllowed() {
        assertThat(single("https://login.example.com").build().verifier().issuers().get(0).allowPlainHttp()).isFalse();
        assertThat(single("http://127.0.0.1:8080").build().verifier().issuers().get(0).allowPlainHttp()).isFalse();
        assertThatThrownBy(() -> single(PRIVATE_ISSUER).with("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "yes").build())
                .isInstanceOf(SettingsException.class).hasMessageContaining("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER");
    }

    @Test
    void readWhenEntryAllowsPlainHttpThenOnlyThatEntry() {
        List<IssuerSettings> issuers = json("[{\"issuer\":\"" + PRIVATE_ISSUER + "\",\"audiences\":[\"api\"],\"allowPlainHttp\":true},"
                + "{\"issuer\":\"https://login.example.com\",\"audiences\":[\"api\"]}]").build().verifier().issuers();

        assertThat(issuers).extracting(IssuerSettings::allowPlainHttp).containsExactly(true, false);
    }

    @Test
    void readWhenSwitchOnAndEntrySaysFalseThenTheEntryWins() {
        assertThatThrownBy(() -> json("[{\"issuer\":\"" + PRIVATE_ISSUER + "\",\"audiences\":[\"api\"],\"allowPlainHttp\":false}]")
                .with("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "true").build())
                .isInstanceOf(SettingsException.class).hasMessageContaining("must use https");
        assertThat(json("[{\"issuer\":\"" + PRIVATE_ISSUER + "\",\"audiences\":[\"api\"]}]")
                .with("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "true").build().verifier().issuers().get(0).allowPlainHttp()).isTrue();
    }

    @Test
    void readWhenAllowPlainHttpNotBooleanThenRefused() {
        assertThatThrownBy(() -> json("[{\"issuer\":\"" + PRIVATE_ISSUER + "\",\"audiences\":[\"api\"],\"allowPlainHttp\":\"true\"}]").build())
                .isInstanceOf(SettingsException.class).hasMessageContaining("'allowPlainHttp' is not a boolean");
    }

    @Test
    void variablesWhenListedThenNameTheSwitch() {
        assertThat(SettingsReader.VARIABLES).contains("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER");
    }

    @Test
    void authorizationServerMetadataUriWhenIssuerHasPathThenWellKnownGoesBeforeThePath() {
        assertThat(metadataUri("https://as.example.com")).isEqualTo(URI.create("https://as.example.com/.well-known/oauth-authorization-server"));
        assertThat(metadataUri("https://as.example.com/")).isEqualTo(URI.create("https://as.example.com/.well-known/oauth-authorization-server"));
        assertThat(metadataUri("https://as.example.com:8443/tenant/a/"))
                .isEqualTo(URI.create("https://as.example.com:8443/.well-known/oauth-authorization-server/tenant/a"));
    }

    private static URI metadataUri(String issuer) {
        return new IssuerSettings(issuer, java.util.Set.of("api"), false, null, null).authorizationServerMetadataUri();
    }
}
