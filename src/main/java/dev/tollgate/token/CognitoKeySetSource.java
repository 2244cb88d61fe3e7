package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.config.CognitoPreset;
import dev.tollgate.observe.Log;
import java.io.IOException;
import java.net.URI;

/**
 * The keys of one issuer of a Cognito user pool: {@code <issuer>/.well-known/jwks.json}, the place
 * Cognito serves them, with no discovery document read first.
 *
 * <p>Fetched only when a token naming this issuer arrives, never ahead: a pool serves only the
 * issuers its configuration uses, and the UPDATED issuer's host answers 403 for a pool on the
 * ORIGINAL issuer (and a replica region's hosts answer nothing before the replica exists). For the
 * same reason a 403 or 404 means "this issuer has no keys": the set is empty, the token is refused
 * with {@link Rejection#UNKNOWN_KEY} (401), and the refetch stays rate-limited, rather than a token
 * naming an issuer the pool does not use turning into a 500. Any other failure is the usual
 * "keys unavailable".
 */
final class CognitoKeySetSource implements KeySetSource {
    private final String issuer;
    private final URI uri;
    private final HttpFetcher http;

    CognitoKeySetSource(String issuer, HttpFetcher http) {
        this.issuer = issuer;
        this.uri = CognitoPreset.jwksUriOf(issuer);
        this.http = http;
    }

    @Override
    public JWKSet fetch() throws IOException {
        String body;
        try {
            body = http.get(uri);
        } catch (HttpStatusException e) {
            if (e.status() == 403 || e.status() == 404) {
                Log.warn("tollgate.jwks", "user pool serves no keys for this issuer; its tokens are refused",
                        "issuer", issuer, "source", uri.toString(), "status", e.status());
                return new JWKSet();
            }
            throw e;
        }
        return KeySets.parse(body, uri.toString());
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public boolean fetchesAhead() {
        return false;
    }

    @Override
    public String describe() {
        return uri.toString();
    }
}
