package dev.tollgate.token;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import dev.tollgate.observe.Log;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a JWK set key by key: one key the parser cannot read (an unknown curve, a typo) is skipped
 * with a warning instead of making the whole set, and so the issuer, look unavailable.
 *
 * <p>The JSON is read with {@link JoseJson} and each RSA or EC key is built with nimbus's key
 * builders, whose constructors check what {@code JWK.parse} checks (the public parameters, the
 * point on the curve, {@code use} and {@code key_ops} consistent, an {@code x5c} chain that holds
 * this very key); {@code JWK.parse} itself would load nimbus's Gson (see {@link JoseJson}). Other
 * key types cannot verify an allowed algorithm and are skipped at DEBUG, as unusable keys are.
 */
final class KeySets {
    private KeySets() {}

    /**
     * @throws IOException when the document is not a JSON object with a {@code keys} array
     */
    static JWKSet parse(String json, String source) throws IOException {
        Map<String, Object> document;
        try {
            document = JoseJson.object(json);
        } catch (JoseJson.MalformedJsonException e) {
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
                JWK key = key(fields);
                if (key != null) {
                    keys.add(key);
                } else {
                    Log.debug("tollgate.jwks", "key ignored", "source", source, "kid", fields.get("kid"),
                            "reason", "key type " + fields.get("kty") + " cannot verify an allowed algorithm");
                }
            } catch (ParseException | RuntimeException e) {
                // RuntimeException: the key constructors refuse inconsistent parameters with IllegalArgumentException.
                Log.warn("tollgate.jwks", "unreadable key skipped", "source", source, "error", e.getMessage());
            }
        }
        return new JWKSet(keys);
    }

    /** One key; null for a key type that verifies nothing tollgate accepts (oct, OKP, ...). */
    private static JWK key(Map<String, Object> fields) throws ParseException {
        String kty = string(fields, "kty", true);
        switch (kty) {
            case "RSA": {
                RSAKey.Builder rsa = new RSAKey.Builder(base64Url(fields, "n", true), base64Url(fields, "e", true));
                common(fields, rsa::keyUse, rsa::keyOperations, rsa::algorithm, rsa::keyID, rsa::x509CertURL,
                        rsa::x509CertSHA256Thumbprint, rsa::x509CertChain);
                return rsa.build();
            }
            case "EC": {
                ECKey.Builder ec = new ECKey.Builder(Curve.parse(string(fields, "crv", true)),
                        base64Url(fields, "x", true), base64Url(fields, "y", true));
                common(fields, ec::keyUse, ec::keyOperations, ec::algorithm, ec::keyID, ec::x509CertURL,
                        ec::x509CertSHA256Thumbprint, ec::x509CertChain);
                return ec.build();
            }
            default:
                return null;
        }
    }

    /** The parameters every JWK may carry (RFC 7517 section 4), with their JSON types checked. */
    @SuppressWarnings("deprecation") // x5t (SHA-1) is only carried, never used
    private static void common(Map<String, Object> fields, java.util.function.Consumer<KeyUse> use,
            java.util.function.Consumer<java.util.Set<KeyOperation>> ops, java.util.function.Consumer<Algorithm> alg,
            java.util.function.Consumer<String> kid, java.util.function.Consumer<URI> x5u,
            java.util.function.Consumer<Base64URL> x5tS256, java.util.function.Consumer<List<Base64>> x5c)
            throws ParseException {
        String useValue = string(fields, "use", false);
        if (useValue != null) {
            use.accept(KeyUse.parse(useValue));
        }
        if (fields.get("key_ops") != null) {
            ops.accept(KeyOperation.parse(strings(fields, "key_ops")));
        }
        String algValue = string(fields, "alg", false);
        if (algValue != null) {
            alg.accept(Algorithm.parse(algValue));
        }
        kid.accept(string(fields, "kid", false));
        String x5uValue = string(fields, "x5u", false);
        if (x5uValue != null) {
            try {
                x5u.accept(new URI(x5uValue));
            } catch (URISyntaxException e) {
                throw new ParseException("x5u is not a URI", 0);
            }
        }
        Base64URL thumbprint = base64Url(fields, "x5t#S256", false);
        if (thumbprint != null) {
            x5tS256.accept(thumbprint);
        }
        string(fields, "x5t", false);
        // An empty chain is no chain (as JWK.parse reads it); the builders refuse an empty list.
        if (fields.get("x5c") != null && !(fields.get("x5c") instanceof List<?> empty && empty.isEmpty())) {
            List<Base64> chain = new ArrayList<>();
            for (String certificate : strings(fields, "x5c")) {
                chain.add(new Base64(certificate));
            }
            x5c.accept(chain);
        }
    }

    private static String string(Map<String, Object> fields, String name, boolean required) throws ParseException {
        Object value = fields.get(name);
        if (value == null) {
            if (required) {
                throw new ParseException("no " + name, 0);
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new ParseException(name + " is not a string", 0);
        }
        return text;
    }

    private static Base64URL base64Url(Map<String, Object> fields, String name, boolean required) throws ParseException {
        String text = string(fields, name, required);
        return text == null ? null : new Base64URL(text);
    }

    private static List<String> strings(Map<String, Object> fields, String name) throws ParseException {
        if (!(fields.get(name) instanceof List<?> list)) {
            throw new ParseException(name + " is not an array", 0);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new ParseException(name + " holds a non-string", 0);
            }
            out.add(text);
        }
        return out;
    }
}
