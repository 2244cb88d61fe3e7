package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tollgate.observe.Log;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a JWK set key by key: one key the parser cannot read (an unknown curve, a typo) is skipped
 * with a warning instead of making the whole set, and so the issuer, look unavailable.
 */
final class KeySets {
    private KeySets() {}

    /**
     * @throws IOException when the document is not a JSON object with a {@code keys} array
     */
    static JWKSet parse(String json, String source) throws IOException {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IOException("key set from " + source + " is not a JSON object: " + e.getMessage(), e);
        }
        if (!(document.get("keys") instanceof List<?> entries)) {
            throw new IOException("key set from " + source + " has no keys array");
        }
        List<JWK> keys = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            try {
                if (!(entry instanceof Map<?, ?>)) {
                    throw new ParseException("not a JSON object", 0);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) entry;
                keys.add(JWK.parse(fields));
            } catch (ParseException e) {
                Log.warn("tollgate.jwks", "unreadable key skipped", "source", source, "error", e.getMessage());
            }
        }
        return new JWKSet(keys);
    }
}
