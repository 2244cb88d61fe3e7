package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.VerifierSettings;
import dev.tollgate.testing.JvmDefaultTrust;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTls;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Discovery against real loopback OAuth authorization servers that are no OpenID providers: their
 * OIDC discovery document answers 404 and the RFC 8414 metadata at
 * {@code /.well-known/oauth-authorization-server[/<path>]} names the keys, over HTTPS (a
 * {@link TestTls} CA trusted through the JVM's defaults) and over loopback HTTP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthorizationServerMetadataIT {
    private static final TestTls CA = TestTls.newCa("tollgate AuthorizationServerMetadataIT CA");
    private static JvmDefaultTrust trust;

    private final MutableClock clock = MutableClock.atTestNow();

    @BeforeAll
    static void trustTestCa() {
        trust = JvmDefaultTrust.install(CA);
    }

    @AfterAll
    static void restoreTrust() {
        trust.close();
    }

    private TokenVerifier verifier(String issuer) {
        VerifierSettings settings = TestSettings.inlineKeys().with("TOLLGATE_JWKS_JSON", null)
                .with("TOLLGATE_ISSUER", issuer).with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "0").build().verifier();
        return TokenVerifier.create(settings, new HttpFetcher(settings.jwks().connectTimeout(),
                settings.jwks().readTimeout(), settings.jwks().maxBytes()), clock);
    }

    @Test
    void verifyWhenHttpsIssuerWithPathServesOnlyRfc8414MetadataThenKeysFromItsJwksUri() throws Exception {
        try (LoopbackIssuer server = LoopbackIssuer.builder(TestKeys.jwks()).tls(CA.issue("IP:127.0.0.1").serverContext())
                .issuerPath("/tenants/acme").oauthMetadataOnly().start()) {
            assertThat(server.issuer()).endsWith("/tenants/acme");
            assertThat(server.discoveryUrl()).endsWith("/.well-known/oauth-authorization-server/tenants/acme");
            TokenVerifier verifier = verifier(server.issuer());

            VerifiedToken verified = verifier.verify(token().claim("iss", server.issuer()).sign());

            assertThat(verified.issuer()).isEqualTo(server.issuer());
            assertThat(server.discoveryRequests()).isEqualTo(1);
            assertThat(server.jwksRequests()).isEqualTo(1);
        }
    }

    @Test
    void verifyWhenHttpIssuerWithoutPathServesOnlyRfc8414MetadataThenVerified() throws Exception {
        try (LoopbackIssuer server = LoopbackIssuer.builder(TestKeys.jwks()).oauthMetadataOnly().start()) {
            assertThat(verifier(server.issuer()).verify(token().claim("iss", server.issuer()).es256().sign()).principal())
                    .isEqualTo("alice");
        }
    }

    @Test
    void verifyWhenRfc8414MetadataNamesAnotherIssuerThenKeysUnavailableAndJwksNeverAsked() {
        try (LoopbackIssuer server = LoopbackIssuer.builder(TestKeys.jwks()).tls(CA.issue("IP:127.0.0.1").serverContext())
                .issuerPath("/tenants/acme").oauthMetadataOnly().start()) {
            server.serveDiscovery("{\"issuer\":\"" + server.baseUrl() + "\",\"jwks_uri\":\"" + server.jwksUri() + "\"}");
            TokenVerifier verifier = verifier(server.issuer());

            assertThatThrownBy(() -> verifier.verify(token().claim("iss", server.issuer()).sign()))
                    .isInstanceOf(JwksUnavailableException.class).hasMessageContaining("names another issuer");
            assertThat(server.jwksRequests()).isZero();
        }
    }

    @Test
    void verifyWhenNeitherDocumentExistsThenKeysUnavailableNamingBoth() {
        try (LoopbackIssuer server = LoopbackIssuer.builder(TestKeys.jwks()).tls(CA.issue("IP:127.0.0.1").serverContext())
                .issuerPath("/a").start()) {
            TokenVerifier verifier = verifier(server.baseUrl() + "/b");

            assertThatThrownBy(() -> verifier.verify(token().claim("iss", server.baseUrl() + "/b").sign()))
                    .isInstanceOf(JwksUnavailableException.class)
                    .hasMessageContaining("/b/.well-known/openid-configuration")
                    .hasMessageContaining("/.well-known/oauth-authorization-server/b");
        }
    }

    @Test
    void verifyWhenOidcIssuerWithPathThenItsOwnDiscoveryDocumentAndNoFallback() throws Exception {
        try (LoopbackIssuer server = LoopbackIssuer.builder(TestKeys.jwks()).issuerPath("/realms/x").start()) {
            assertThat(verifier(server.issuer()).verify(token().claim("iss", server.issuer()).sign()).principal())
                    .isEqualTo("alice");
            assertThat(server.discoveryUrl()).endsWith("/realms/x/.well-known/openid-configuration");
            assertThat(server.discoveryRequests()).isEqualTo(1);
        }
    }
}
