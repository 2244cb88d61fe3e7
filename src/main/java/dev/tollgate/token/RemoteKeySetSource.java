package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.config.IssuerSettings;
import dev.tollgate.net.Hosts;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches an issuer's JWKS over HTTP(S). Without a configured JWKS URI, the URI is read from the
 * issuer's OIDC discovery document ({@code <issuer>/.well-known/openid-configuration}) or, when that
 * answers 404, from its RFC 8414 authorization server metadata
 * ({@code https://host/.well-known/oauth-authorization-server[/<issuer path>]}: an OAuth server that
 * is not an OpenID provider). Either document's {@code issuer} must equal the configured issuer
 * exactly (OpenID Connect Discovery 1.0 section 4.3, RFC 8414 section 3.3) and its {@code jwks_uri}
 * must be https (http on loopback, or anywhere for an issuer allowed plain http). The discovered URI
 * is remembered, and so is which document answered; a failed JWKS fetch forgets the URI, so the next
 * attempt rediscovers.
 */
final class RemoteKeySetSource implements KeySetSource {
    private final String issuer;
    private final URI configuredJwksUri;
    private final URI discoveryUri;
    private final URI metadataUri;
    private final boolean allowPlainHttp;
    private final HttpFetcher http;
    private volatile URI discoveredJwksUri;
    /** True once the OIDC document answered 404 and the RFC 8414 one served: ask that one first. */
    private volatile boolean oauthMetadata;

    RemoteKeySetSource(IssuerSettings settings, HttpFetcher http) {
        this.issuer = settings.issuer();
        this.configuredJwksUri = settings.jwksUri();
        this.discoveryUri = settings.discoveryUri();
        this.metadataUri = settings.authorizationServerMetadataUri();
        this.allowPlainHttp = settings.allowPlainHttp();
        this.http = http;
    }

    @Override
    public JWKSet fetch() throws IOException {
        URI uri = jwksUri();
        try {
            return KeySets.parse(http.get(uri), uri.toString());
        } catch (IOException e) {
            discoveredJwksUri = null;
            throw e;
        }
    }

    private URI jwksUri() throws IOException {
        if (configuredJwksUri != null) {
            return configuredJwksUri;
        }
        URI known = discoveredJwksUri;
        if (known != null) {
            return known;
        }
        URI location = oauthMetadata ? metadataUri : discoveryUri;
        String body;
        try {
            body = http.get(location);
        } catch (HttpStatusException e) {
            if (location == metadataUri) {
                oauthMetadata = false; // the next attempt starts from the OIDC document again
            }
            if (e.status() != 404 || location == metadataUri) {
                throw e;
            }
            // No OpenID provider: RFC 8414's place for an OAuth authorization server's metadata.
            location = metadataUri;
            try {
                body = http.get(location);
            } catch (HttpStatusException second) {
                throw new IOException("no metadata for the issuer: " + discoveryUri + " answered HTTP 404, "
                        + metadataUri + " HTTP " + second.status(), second);
            }
        }
        Map<String, Object> document;
        try {
            document = JoseJson.object(body);
        } catch (JoseJson.MalformedJsonException e) {
            throw new IOException("discovery document at " + location + " is not a JSON object", e);
        }
        if (!issuer.equals(document.get("issuer"))) {
            throw new IOException("discovery document at " + location + " names another issuer");
        }
        if (!(document.get("jwks_uri") instanceof String jwksUri)) {
            throw new IOException("discovery document at " + location + " has no jwks_uri");
        }
        URI uri;
        try {
            uri = new URI(jwksUri);
        } catch (URISyntaxException e) {
            throw new IOException("discovery document at " + location + " has an invalid jwks_uri", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        // Plain http for the keys only where the metadata itself came over plain http: a document
        // fetched over https never downgrades the key fetch, whatever allowPlainHttp says.
        boolean metadataOverHttp = "http".equalsIgnoreCase(location.getScheme());
        boolean allowed = uri.getHost() != null && (scheme.equals("https")
                || (scheme.equals("http") && ((allowPlainHttp && metadataOverHttp) || Hosts.isLoopback(uri.getHost()))));
        if (!allowed) {
            throw new IOException("discovery document at " + location + " has a jwks_uri that is not https: " + uri);
        }
        // Only a document that passed every check decides where later rediscoveries start.
        oauthMetadata = location == metadataUri;
        discoveredJwksUri = uri;
        return uri;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public String describe() {
        return configuredJwksUri != null ? configuredJwksUri.toString() : "discovery at " + discoveryUri;
    }
}
