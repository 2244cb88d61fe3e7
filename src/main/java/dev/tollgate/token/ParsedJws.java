package dev.tollgate.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compact JWS read into what verification needs, without nimbus's JSON parser (see
 * {@link JoseJson} for the measured reason): the header's registered parameters, checked for their
 * JSON types as nimbus's {@code JWSHeader.parse} checks them, the claims, the signing input and the
 * signature. Only the signature check itself goes to nimbus, through a {@link JWSHeader} that
 * carries the algorithm and key id.
 *
 * <p>Call {@link CompactJws#check} first: it guarantees three canonical base64url segments whose
 * header and payload are UTF-8 JSON objects nested at most {@link CompactJws#MAX_JSON_DEPTH} deep.
 *
 * @param algorithm   the header's {@code alg}
 * @param keyId       {@code kid}, or null
 * @param type        {@code typ}, or null
 * @param critical    {@code crit}, or null when absent
 * @param embedsKey   the header carries {@code jwk}, {@code jku}, {@code x5u} or {@code x5c}
 * @param encodedPayload {@code b64} is absent or true (RFC 7797)
 * @param claims      the payload, a JSON object
 * @param signingInput the ASCII bytes of {@code <header>.<payload>} as received
 * @param signature   the third segment
 */
record ParsedJws(JWSAlgorithm algorithm, String keyId, JOSEObjectType type, List<String> critical, boolean embedsKey,
        boolean encodedPayload, Map<String, Object> claims, byte[] signingInput, Base64URL signature) {

    /** Header parameters that name a key: a token never chooses its own key. */
    private static final Set<String> KEY_PARAMETERS = Set.of("jwk", "jku", "x5u", "x5c");

    /** The header nimbus's verifiers take: the algorithm and key id, nothing they would act on. */
    JWSHeader header() {
        return new JWSHeader.Builder(algorithm).keyID(keyId).build();
    }

    /**
     * @throws InvalidTokenException {@link Rejection#MALFORMED} when the header or payload is not the
     *     JSON a JWS has: no {@code alg}, {@code alg} "none" or a JWE header, a registered parameter of
     *     the wrong JSON type, a repeated key, a payload that is not an object
     */
    static ParsedJws parse(String token) throws InvalidTokenException {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        Map<String, Object> header = json(token.substring(0, first), "header");
        Map<String, Object> claims = json(token.substring(first + 1, second), "payload");

        if (!(header.get("alg") instanceof String alg)) {
            throw malformed(header.containsKey("alg") ? "alg is not a string" : "no alg");
        }
        if (alg.equals("none") || header.containsKey("enc")) {
            throw malformed("not a JWS header");
        }
        String kid = optional(header, "kid", String.class);
        String typ = optional(header, "typ", String.class);
        optional(header, "cty", String.class);
        optional(header, "x5t", String.class);
        optional(header, "x5t#S256", String.class);
        optional(header, "jku", String.class);
        optional(header, "x5u", String.class);
        optional(header, "jwk", Map.class);
        optional(header, "x5c", List.class);
        if (header.containsKey("b64") && !(header.get("b64") instanceof Boolean)) {
            throw malformed("b64 is not a JSON boolean"); // null included, as nimbus refuses it
        }
        Boolean b64 = (Boolean) header.get("b64");
        List<String> critical = null;
        if (header.containsKey("crit")) {
            critical = strings(header.get("crit"));
        }
        boolean embedsKey = false;
        for (String name : KEY_PARAMETERS) {
            embedsKey |= header.get(name) != null;
        }
        return new ParsedJws(JWSAlgorithm.parse(alg), kid, typ == null ? null : new JOSEObjectType(typ), critical,
                embedsKey, b64 == null || b64, claims,
                token.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                new Base64URL(token.substring(second + 1)));
    }

    private static Map<String, Object> json(String segment, String what) throws InvalidTokenException {
        try {
            return JoseJson.object(Base64.getUrlDecoder().decode(segment));
        } catch (JoseJson.MalformedJsonException | IllegalArgumentException e) {
            throw malformed(what + " is not a JSON object: " + e.getMessage());
        }
    }

    /** The parameter's value when present and of {@code type}; null when absent or JSON null. */
    private static <T> T optional(Map<String, Object> header, String name, Class<T> type) throws InvalidTokenException {
        Object value = header.get(name);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw malformed(name + " is not a JSON " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(value);
    }

    private static List<String> strings(Object value) throws InvalidTokenException {
        if (!(value instanceof List<?> list)) {
            throw malformed("crit is not an array");
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw malformed("crit holds a non-string");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) list;
        return List.copyOf(names);
    }

    private static InvalidTokenException malformed(String detail) {
        return new InvalidTokenException(Rejection.MALFORMED, detail);
    }
}
