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
 * same reason a 403 or 404 from an issuer that has never served keys means "this issuer has no
 * keys": the set is empty, the token is refused with {@link Rejection#UNKNOWN_KEY} (401), and the
 * refetch stays rate-limited, rather than a token naming an issuer the pool does not use turning
 * into a 500. Once the issuer has served keys, a 403 or 404 is a failure like any other ("keys
 * unavailable"): the cache keeps serving the keys it has within its stale-if-error bound, so a
 * passing error of a pool in use never empties its key set.
 */
final class CognitoKeySetSource implements KeySetSource {
    private final String issuer;
    private final URI uri;
    private final HttpFetcher http;
    /** True once a fetch returned keys: from then on the issuer is in use, and a 403 or 404 an outage. */
    private volatile boolean servedKeys;

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
            if ((e.status() == 403 || e.status() == 404) && !servedKeys) {
                Log.warn("tollgate.jwks", "user pool serves no keys for this issuer; its tokens are refused",
                        "issuer", issuer, "source", uri.toString(), "status", e.status());
                return new JWKSet();
            }
            throw e;
        }
        JWKSet keys = KeySets.parse(body, uri.toString());
        if (!keys.getKeys().isEmpty()) {
            servedKeys = true;
        }
        return keys;
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
