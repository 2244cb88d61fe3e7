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
 * issuer's OIDC discovery document, whose {@code issuer} must equal the configured issuer exactly
 * (OpenID Connect Discovery 1.0, section 4.3) and whose {@code jwks_uri} must be https (http only on
 * loopback). The discovered URI is remembered; a failed JWKS fetch forgets it, so the next attempt
 * rediscovers.
 */
final class RemoteKeySetSource implements KeySetSource {
    private final String issuer;
    private final URI configuredJwksUri;
    private final URI discoveryUri;
    private final HttpFetcher http;
    private volatile URI discoveredJwksUri;

    RemoteKeySetSource(IssuerSettings settings, HttpFetcher http) {
        this.issuer = settings.issuer();
        this.configuredJwksUri = settings.jwksUri();
        this.discoveryUri = settings.discoveryUri();
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
        Map<String, Object> document;
        try {
            document = JoseJson.object(http.get(discoveryUri));
        } catch (JoseJson.MalformedJsonException e) {
            throw new IOException("discovery document at " + discoveryUri + " is not a JSON object", e);
        }
        if (!issuer.equals(document.get("issuer"))) {
            throw new IOException("discovery document at " + discoveryUri + " names another issuer");
        }
        if (!(document.get("jwks_uri") instanceof String jwksUri)) {
            throw new IOException("discovery document at " + discoveryUri + " has no jwks_uri");
        }
        URI uri;
        try {
            uri = new URI(jwksUri);
        } catch (URISyntaxException e) {
            throw new IOException("discovery document at " + discoveryUri + " has an invalid jwks_uri", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = uri.getHost() != null
                && (scheme.equals("https") || (scheme.equals("http") && Hosts.isLoopback(uri.getHost())));
        if (!allowed) {
            throw new IOException("discovery document at " + discoveryUri + " has a jwks_uri that is not https: " + uri);
        }
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
