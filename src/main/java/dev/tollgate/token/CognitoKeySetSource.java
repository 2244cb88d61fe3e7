package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.config.CognitoPreset;
import dev.tollgate.observe.Log;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The keys of one issuer of a Cognito user pool: {@code <issuer>/.well-known/jwks.json}, the place
 * Cognito serves them, with no discovery document read first.
 *
 * <p>Fetched only when a token naming this issuer arrives, never ahead: a pool serves only the
 * issuers its configuration uses, and the UPDATED issuer's host answers 403 for a pool on the
 * ORIGINAL issuer (and a replica region's hosts answer nothing before the replica exists). For the
 * same reason a 403 or 404 means "this issuer has no keys" (the set is empty, the token is refused
 * with {@link Rejection#UNKNOWN_KEY}, 401, and the refetch stays rate-limited) when another issuer
 * of the same pool has served keys and this one never has: the pool is up and does not use this
 * issuer. In every other case a 403 or 404 is a failure like any other ("keys unavailable", 500,
 * the cached keys serving within their stale-if-error bound): a fresh instance meeting an outage
 * of the pool's endpoints never turns valid tokens into 401s, which clients take for "sign in
 * again", and a passing error of an issuer in use never empties its key set.
 */
final class CognitoKeySetSource implements KeySetSource {
    private final String issuer;
    private final URI uri;
    private final HttpFetcher http;
    /** True once a fetch returned keys: from then on the issuer is in use, and a 403 or 404 an outage. */
    private volatile boolean servedKeys;
    /** Shared by the pool's issuers: true once any of them returned keys. */
    private final AtomicBoolean poolServedKeys;

    CognitoKeySetSource(String issuer, HttpFetcher http, AtomicBoolean poolServedKeys) {
        this.issuer = issuer;
        this.uri = CognitoPreset.jwksUriOf(issuer);
        this.http = http;
        this.poolServedKeys = poolServedKeys;
    }

    @Override
    public JWKSet fetch() throws IOException {
        String body;
        try {
            body = http.get(uri);
        } catch (HttpStatusException e) {
            if ((e.status() == 403 || e.status() == 404) && !servedKeys && poolServedKeys.get()) {
                Log.warn("tollgate.jwks", "user pool serves no keys for this issuer; its tokens are refused",
                        "issuer", issuer, "source", uri.toString(), "status", e.status());
                return new JWKSet();
            }
            throw e;
        }
        JWKSet keys = KeySets.parse(body, uri.toString());
        if (!keys.getKeys().isEmpty()) {
            servedKeys = true;
            poolServedKeys.set(true);
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
