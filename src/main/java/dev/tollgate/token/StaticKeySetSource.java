package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.text.ParseException;

/** A key set given as JSON (TOLLGATE_JWKS_JSON / TOLLGATE_JWKS_FILE): for local runs and tests. */
final class StaticKeySetSource implements KeySetSource {
    private final JWKSet keys;

    /** @throws IllegalArgumentException when the JSON is not a JWK set */
    StaticKeySetSource(String json) {
        try {
            this.keys = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid JWK set: " + e.getMessage(), e);
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
