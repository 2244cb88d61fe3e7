package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;

/** A key set given as JSON (TOLLGATE_JWKS_JSON / TOLLGATE_JWKS_FILE): for local runs and tests. */
final class StaticKeySetSource implements KeySetSource {
    private final JWKSet keys;

    /** @throws IllegalArgumentException when the JSON is not a JWK set */
    StaticKeySetSource(String json) {
        try {
            this.keys = KeySets.parse(json, "inline key set");
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public JWKSet fetch() throws IOException {
        return keys;
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public String describe() {
        return "inline key set";
    }
}
