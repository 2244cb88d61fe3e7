package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.IssuerSettings;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.token.CognitoVerifierTest.RecordingFetcher;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discovery: OIDC first, RFC 8414 when that answers 404, the same checks on both; plain http only where allowed. */
class RemoteKeySetSourceTest {
    private static final String ISSUER = "https://as.example.com/tenant-a";
    private static final String OIDC = ISSUER + "/.well-known/openid-configuration";
    private static final String RFC8414 = "https://as.example.com/.well-known/oauth-authorization-server/tenant-a";
    private static final String JWKS = "https://as.example.com/tenant-a/jwks";

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private static RemoteKeySetSource source(String issuer, boolean allowPlainHttp, RecordingFetcher http) {
        return new RemoteKeySetSource(new IssuerSettings(issuer, Set.of("api"), false, null, null, null, null,
                allowPlainHttp), http);
    }

    private static String metadata(String issuer, String jwksUri) {
        return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"}";
    }

    @Test
    void fetchWhenOidcDocumentServedThenRfc8414NeverAsked() throws Exception {
        RecordingFetcher http = new RecordingFetcher().answer(OIDC, metadata(ISSUER, JWKS)).answer(JWKS, TestKeys.jwks());

        assertThat(source(ISSUER, false, http).fetch().getKeys()).hasSize(2);
        assertThat(http.asked).containsExactly(URI.create(OIDC), URI.create(JWKS));
    }

    @Test
    void fetchWhenOidcDocumentAnswers404ThenRfc8414MetadataWithThePathAfterTheWellKnownSuffix() throws Exception {
        RecordingFetcher http = new RecordingFetcher().answer(RFC8414, metadata(ISSUER, JWKS)).answer(JWKS, TestKeys.jwks());
        RemoteKeySetSource source = source(ISSUER, false, http);

        assertThat(source.fetch().getKeys()).hasSize(2);
        assertThat(http.asked).containsExactly(URI.create(OIDC), URI.create(RFC8414), URI.create(JWKS));

        // After a failed key fetch, rediscovery asks the document that answered, first.
        http.answers.remove(URI.create(JWKS));
        assertThatThrownBy(source::fetch).isInstanceOf(IOException.class);
        http.answer(JWKS, TestKeys.jwks());
        http.asked.clear();
        assertThat(source.fetch().getKeys()).hasSize(2);
        assertThat(http.asked).containsExactly(URI.create(RFC8414), URI.create(JWKS));
    }

    @Test
    void fetchWhenIssuerWithoutPathThenRfc8414AtTheRoot() throws Exception {
        String issuer = "https://as.example.com";
        RecordingFetcher http = new RecordingFetcher()
                .answer("https://as.example.com/.well-known/oauth-authorization-server", metadata(issuer, JWKS))
                .answer(JWKS, TestKeys.jwks());

        assertThat(source(issuer, false, http).fetch().getKeys()).hasSize(2);
    }

    @Test
    void fetchWhenOidcDocumentFailsOtherThan404ThenNoFallback() {
        RecordingFetcher http = new RecordingFetcher().answer(OIDC, 500).answer(RFC8414, metadata(ISSUER, JWKS));

        assertThatThrownBy(() -> source(ISSUER, false, http).fetch()).isInstanceOf(HttpStatusException.class)
                .hasMessageContaining("HTTP 500");
        assertThat(http.asked).containsExactly(URI.create(OIDC));
    }

    @Test
    void fetchWhenBothDocumentsMissingThenBothNamed() {
        RecordingFetcher http = new RecordingFetcher();

        assertThatThrownBy(() -> source(ISSUER, false, http).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining(OIDC).hasMessageContaining(RFC8414);
    }

    @Test
    void fetchWhenRfc8414MetadataNamesAnotherIssuerThenRefused() {
        RecordingFetcher http = new RecordingFetcher().answer(RFC8414, metadata("https://as.example.com", JWKS))
                .answer(JWKS, TestKeys.jwks());

        assertThatThrownBy(() -> source(ISSUER, false, http).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("names another issuer");
        assertThat(http.asked).doesNotContain(URI.create(JWKS));
    }

    @Test
    void fetchWhenRfc8414MetadataHasPlainHttpJwksUriOffLoopbackThenRefused() {
        RecordingFetcher http = new RecordingFetcher().answer(RFC8414, metadata(ISSUER, "http://as.example.com/jwks"));

        assertThatThrownBy(() -> source(ISSUER, false, http).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("not https");
    }

    @Test
    void fetchWhenPlainHttpAllowedThenPlainHttpJwksUriOffLoopbackUsed() throws Exception {
        String issuer = "http://keycloak.keycloak.svc.cluster.local:8080/realms/x";
        String jwks = issuer + "/protocol/openid-connect/certs";
        RecordingFetcher http = new RecordingFetcher().answer(issuer + "/.well-known/openid-configuration", metadata(issuer, jwks))
                .answer(jwks, TestKeys.jwks());

        assertThat(source(issuer, true, http).fetch().getKeys()).hasSize(2);
        assertThatThrownBy(() -> source(issuer, false, http).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("not https");
    }

    @Test
    void fetchWhenPlainHttpAllowedButTheMetadataCameOverHttpsThenItsPlainHttpJwksUriRefused() {
        // allowPlainHttp never downgrades: an https issuer's keys stay on https.
        RecordingFetcher http = new RecordingFetcher().answer(OIDC, metadata(ISSUER, "http://as.example.com/jwks"))
                .answer("http://as.example.com/jwks", TestKeys.jwks());

        assertThatThrownBy(() -> source(ISSUER, true, http).fetch()).isInstanceOf(IOException.class)
                .hasMessageContaining("not https");
        assertThat(http.asked).doesNotContain(URI.create("http://as.example.com/jwks"));
    }

    @Test
    void fetchWhenRfc8414MetadataRefusedThenTheNextAttemptStartsFromTheOidcDocumentAgain() {
        RecordingFetcher http = new RecordingFetcher().answer(RFC8414, metadata("https://as.example.com", JWKS));
        RemoteKeySetSource source = source(ISSUER, false, http);

        assertThatThrownBy(source::fetch).isInstanceOf(IOException.class).hasMessageContaining("names another issuer");
        http.asked.clear();
        assertThatThrownBy(source::fetch).isInstanceOf(IOException.class);
        assertThat(http.asked).first().isEqualTo(URI.create(OIDC));
    }

    @Test
    void createWhenPlainHttpAllowedThenOneWarnPerIssuerNamingTheRiskUnlessItsJwksUriIsHttps() {
        String issuer = "http://keycloak.keycloak.svc.cluster.local:8080/realms/x";
        TokenVerifier.create(TestSettings.inlineKeys().with("TOLLGATE_ISSUER", null).with("TOLLGATE_AUDIENCE", null)
                .with("TOLLGATE_JWKS_JSON", null).with("TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER", "true")
                .with("TOLLGATE_ISSUERS", "[{\"issuer\":\"" + issuer + "\",\"audiences\":[\"api\"]},"
                        + "{\"issuer\":\"https://pinned.example.com\",\"audiences\":[\"api\"],\"jwksUri\":\"https://pinned.example.com/k\"}]")
                .build().verifier(), TokenAssertions.NO_NETWORK, MutableClock.atTestNow());

        assertThat(log.text()).contains("\"level\":\"WARN\"").contains("plain http allowed for this issuer")
                .contains("forge tokens").contains(issuer).doesNotContain("pinned.example.com");
    }

    @Test
    void createWhenPlainHttpNotAllowedThenNoWarn() {
        TokenVerifier.create(TestSettings.inlineKeys().build().verifier(), TokenAssertions.NO_NETWORK, MutableClock.atTestNow());

        assertThat(log.text()).doesNotContain("plain http allowed");
    }
}
