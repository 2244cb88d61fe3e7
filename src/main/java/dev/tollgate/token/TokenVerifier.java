package dev.tollgate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import dev.tollgate.config.IssuerSettings;
import dev.tollgate.config.VerifierSettings;
import dev.tollgate.observe.RequestTrace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies OAuth2/OIDC access tokens (compact JWS) strictly, after RFC 7519 and RFC 8725. nimbus-jose-jwt
 * builds keys and verifies signatures here and in this package only.
 *
 * <p>Order of checks: size and structure (no parser sees a malformed token), header rules
 * (algorithm allow-list, no embedded keys, no {@code crit}, {@code typ}), trusted issuer, signature
 * against that issuer's keys, then claims. Claims are read from the verified payload only, with
 * their JSON types checked: a number where a string belongs (or the reverse) is {@link
 * Rejection#INVALID_CLAIM}, never coerced. For an issuer of a Cognito user pool, {@code token_use}
 * and the client ({@link CognitoClaims}) are checked where other issuers' audience is.
 *
 * <p>Verified tokens are remembered (bounded) until the earlier of their expiry and one key-cache
 * TTL, so a repeated token costs a map lookup; a remembered token is re-checked for expiry.
 *
 * <p>Thread-safe.
 */
public final class TokenVerifier {
    /** {@code typ} values accepted: absent, {@code JWT}, or RFC 9068 access tokens. */
    private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt", "application/jwt");
    /** A principal longer than this is refused: it becomes a DynamoDB key and the policy's principalId. */
    static final int MAX_PRINCIPAL_LENGTH = 1024;

    private final Map<String, TrustedIssuer> issuers;
    private final Set<JWSAlgorithm> algorithms;
    private final Duration clockSkew;
    private final String principalClaim;
    private final Map<String, String> requiredClaims;
    private final int maxTokenBytes;
    private final Clock clock;
    private final VerifiedTokenCache verified;
    /** A remembered verification is reused at most this long: one key-cache TTL. */
    private final Duration verifiedLifetime;

    /** An issuer's settings and key cache. */
    public record TrustedIssuer(IssuerSettings settings, JwksCache keys) {}

    TokenVerifier(Map<String, TrustedIssuer> issuers, VerifierSettings settings, Clock clock) {
        this.issuers = Map.copyOf(issuers);
        Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
        for (String name : settings.algorithms()) {
            allowed.add(JWSAlgorithm.parse(name));
        }
        this.algorithms = Collections.unmodifiableSet(allowed);
        this.clockSkew = settings.clockSkew();
        this.principalClaim = settings.principalClaim();
        this.requiredClaims = settings.requiredClaims();
        this.maxTokenBytes = settings.maxTokenBytes();
        this.clock = clock;
        this.verified = new VerifiedTokenCache(settings.verifiedTokenCacheMaxEntries());
        this.verifiedLifetime = settings.jwks().cacheTtl();
    }

    /**
     * Builds the verifier and one key cache per configured issuer.
     *
     * @param http fetches discovery documents and key sets (unused for inline key sets)
     */
    public static TokenVerifier create(VerifierSettings settings, HttpFetcher http, Clock clock) {
        Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
        IssuerKeys keys = new IssuerKeys(http, settings.jwks(), clock);
        for (IssuerSettings issuer : settings.issuers()) {
            issuers.put(issuer.issuer(), new TrustedIssuer(issuer, keys.cacheFor(issuer)));
        }
        return new TokenVerifier(issuers, settings, clock);
    }

    /**
     * The key caches, one per issuer, each once (the issuers of a Cognito pool may share one): for
     * prefetch at init, revalidation after restore, metrics.
     */
    public List<JwksCache> keyCaches() {
        // A loop, not a stream: this runs at init, where each first use of a stream pipeline's
        // classes is paid on the cold start.
        Set<JwksCache> caches = new LinkedHashSet<>();
        for (TrustedIssuer issuer : issuers.values()) {
            caches.add(issuer.keys());
        }
        return List.copyOf(caches);
    }

    /** Forgets every remembered verification (after a SnapStart restore). */
    public void forgetVerifiedTokens() {
        verified.clear();
    }

    /** Entries in the verified-token cache (tests). */
    public int verifiedTokenCount() {
        return verified.size();
    }

    /**
     * Verifies a compact JWS.
     *
     * @param token the token without the {@code Bearer} scheme; never null
     * @return the verified token
     * @throws InvalidTokenException when the token is bad (the reason says which check failed)
     * @throws JwksUnavailableException when the issuer's keys cannot be had: we are broken, not the token
     */
    public VerifiedToken verify(String token) throws InvalidTokenException {
        return verify(token, new RequestTrace());
    }

    /**
     * As {@link #verify(String)}, recording in {@code trace} whether the verified-token cache knew
     * the token.
     */
    public VerifiedToken verify(String token, RequestTrace trace) throws InvalidTokenException {
        Instant now = clock.instant();
        VerifiedToken remembered = verified.get(token, now);
        trace.verifiedToken(remembered != null);
        if (remembered != null) {
            checkNotExpired(remembered.expiresAt(), now);
            return remembered;
        }
        if (token.length() > maxTokenBytes) {
            throw new InvalidTokenException(Rejection.TOKEN_TOO_LARGE, "token of " + token.length() + " chars");
        }
        CompactJws.check(token);
        ParsedJws jws = ParsedJws.parse(token);
        checkHeader(jws);
        Map<String, Object> claims = jws.claims();
        TrustedIssuer issuer = issuerOf(claims);
        checkSignature(jws, issuer);
        VerifiedToken result = checkClaims(claims, issuer, now);
        Instant keepUntil = min(result.expiresAt().plus(clockSkew), now.plus(verifiedLifetime));
        verified.put(token, result, keepUntil, now);
        return result;
    }

    private void checkHeader(ParsedJws header) throws InvalidTokenException {
        JWSAlgorithm algorithm = header.algorithm();
        if (!algorithms.contains(algorithm)) {
            throw new InvalidTokenException(Rejection.DISALLOWED_ALGORITHM, "alg " + algorithm + " is not allowed");
        }
        if (header.embedsKey()) {
            throw new InvalidTokenException(Rejection.EMBEDDED_KEY, "token names its own key (jwk/jku/x5u/x5c)");
        }
        if (header.critical() != null && !header.critical().isEmpty()) {
            throw new InvalidTokenException(Rejection.UNKNOWN_CRITICAL_HEADER, "crit " + header.critical());
        }
        if (!header.encodedPayload()) {
            throw new InvalidTokenException(Rejection.UNKNOWN_CRITICAL_HEADER, "unencoded payload (b64=false)");
        }
        JOSEObjectType type = header.type();
        if (type != null && !ACCEPTED_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
            throw new InvalidTokenException(Rejection.WRONG_TOKEN_TYPE, "typ " + type + " is not a JWT access token");
        }
    }

    private TrustedIssuer issuerOf(Map<String, Object> claims) throws InvalidTokenException {
        Object iss = claims.get("iss");
        if (!(iss instanceof String)) {
            throw new InvalidTokenException(Rejection.UNKNOWN_ISSUER, iss == null ? "no iss" : "iss is not a string");
        }
        TrustedIssuer issuer = issuers.get(iss);
        if (issuer == null) {
            throw new InvalidTokenException(Rejection.UNKNOWN_ISSUER, "iss is not a trusted issuer");
        }
        return issuer;
    }

    private static void checkSignature(ParsedJws jws, TrustedIssuer issuer) throws InvalidTokenException {
        List<JWSVerifier> candidates = issuer.keys().verifiersFor(jws.keyId(), jws.algorithm());
        if (candidates.isEmpty()) {
            throw new InvalidTokenException(Rejection.UNKNOWN_KEY, "no key of the issuer fits kid and alg");
        }
        if (candidates.size() > 1 && jws.keyId() == null) {
            // Trying each would cost one signature verification per key for one kid-less token.
            throw new InvalidTokenException(Rejection.UNKNOWN_KEY, "no kid, and " + candidates.size()
                    + " keys of the issuer fit alg");
        }
        JWSHeader header = jws.header();
        for (JWSVerifier verifier : candidates) {
            try {
                if (verifier.verify(header, jws.signingInput(), jws.signature())) {
                    return;
                }
            } catch (JOSEException e) {
                // A signature of the wrong length or encoding: not valid for this key.
            }
        }
        throw new InvalidTokenException(Rejection.BAD_SIGNATURE, "signature does not verify");
    }

    private VerifiedToken checkClaims(Map<String, Object> claims, TrustedIssuer issuer, Instant now)
            throws InvalidTokenException {
        Instant expiresAt = numericDate(claims, "exp", true);
        checkNotExpired(expiresAt, now);
        Instant notBefore = numericDate(claims, "nbf", false);
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore)) {
            throw new InvalidTokenException(Rejection.NOT_YET_VALID, "nbf is in the future");
        }
        Instant issuedAt = numericDate(claims, "iat", false);
        if (issuedAt != null && now.plus(clockSkew).isBefore(issuedAt)) {
            throw new InvalidTokenException(Rejection.ISSUED_IN_FUTURE, "iat is in the future");
        }
        for (String name : List.of("sub", "jti")) {
            if (claims.containsKey(name) && !(claims.get(name) instanceof String)) {
                throw new InvalidTokenException(Rejection.INVALID_CLAIM, name + " is not a string");
            }
        }
        if (issuer.settings().cognito() == null) {
            checkAudience(claims, issuer.settings());
        } else {
            CognitoClaims.check(claims, issuer.settings().cognito());
        }
        String principal = principal(claims);
        checkRequiredClaims(claims);
        return new VerifiedToken(issuer.settings().issuer(), principal, scopes(claims),
                Collections.unmodifiableMap(claims), expiresAt, RolesClaim.read(claims, issuer.settings().rolesClaim()));
    }

    private void checkNotExpired(Instant expiresAt, Instant now) throws InvalidTokenException {
        if (!now.isBefore(expiresAt.plus(clockSkew))) {
            throw new InvalidTokenException(Rejection.EXPIRED, "exp is in the past");
        }
    }

    private static Instant numericDate(Map<String, Object> claims, String name, boolean required)
            throws InvalidTokenException {
        Object value = claims.get(name);
        if (value == null) {
            if (required) {
                throw new InvalidTokenException(Rejection.MISSING_CLAIM, "no " + name);
            }
            return null;
        }
        if (!(value instanceof Number number)) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, name + " is not a number");
        }
        double seconds = number.doubleValue();
        // NumericDate: seconds since the epoch; refuse negatives, NaN and values past year 9999.
        if (!(seconds >= 0 && seconds < 253_402_300_800d)) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, name + " is out of range");
        }
        return Instant.ofEpochMilli((long) (seconds * 1000));
    }

    /**
     * True when {@code aud} (a string or an array of strings, RFC 7519 section 4.1.3) names one of
     * {@code accepted}; false for an absent {@code aud} or one naming none of them.
     *
     * @throws InvalidTokenException {@link Rejection#INVALID_CLAIM} for any other JSON type
     */
    static boolean audienceIn(Object aud, Set<String> accepted) throws InvalidTokenException {
        if (aud instanceof String single) {
            return accepted.contains(single);
        }
        if (aud instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String)) {
                    throw new InvalidTokenException(Rejection.INVALID_CLAIM, "aud holds a non-string");
                }
            }
            for (Object item : list) {
                if (accepted.contains(item)) {
                    return true;
                }
            }
            return false;
        }
        if (aud != null) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "aud is neither a string nor an array");
        }
        return false;
    }

    private static void checkAudience(Map<String, Object> claims, IssuerSettings issuer) throws InvalidTokenException {
        Object aud = claims.get("aud");
        if (audienceIn(aud, issuer.audiences())) {
            return;
        }
        // client_id names the client, not the resource server: it stands in for an absent aud
        // (Cognito access tokens) but never overrides an aud that names another API.
        if (aud == null && issuer.acceptClientIdAsAudience()) {
            Object clientId = claims.get("client_id");
            if (clientId != null && !(clientId instanceof String)) {
                throw new InvalidTokenException(Rejection.INVALID_CLAIM, "client_id is not a string");
            }
            if (clientId != null && issuer.audiences().contains(clientId)) {
                return;
            }
        }
        throw new InvalidTokenException(Rejection.WRONG_AUDIENCE, aud == null ? "no aud" : "aud not accepted");
    }

    private String principal(Map<String, Object> claims) throws InvalidTokenException {
        Object value = claims.get(principalClaim);
        if (value == null) {
            throw new InvalidTokenException(Rejection.MISSING_CLAIM, "no principal claim " + principalClaim);
        }
        if (!(value instanceof String principal) || principal.isBlank()) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "principal claim is not a non-empty string");
        }
        if (principal.length() > MAX_PRINCIPAL_LENGTH || hasControlCharacter(principal)) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "principal claim is too long or has control characters");
        }
        return principal;
    }

    // A loop, not chars().anyMatch: the stream pipeline and its lambda cost a first request ~3 ms.
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private void checkRequiredClaims(Map<String, Object> claims) throws InvalidTokenException {
        for (Map.Entry<String, String> required : requiredClaims.entrySet()) {
            Object value = ClaimPath.value(claims, required.getKey());
            if (value == null) {
                throw new InvalidTokenException(Rejection.MISSING_CLAIM, "no required claim " + required.getKey());
            }
            String expected = required.getValue();
            if (expected == null) {
                continue;
            }
            boolean matches = expected.equals(value) || (value instanceof List<?> list && list.contains(expected));
            if (!matches) {
                throw new InvalidTokenException(Rejection.INVALID_CLAIM, "claim " + required.getKey() + " has another value");
            }
        }
    }

    /** {@code scope} (RFC 8693/9068: space-separated string), else {@code scp} (string or array of strings). */
    private static Set<String> scopes(Map<String, Object> claims) throws InvalidTokenException {
        Set<String> scopes = new LinkedHashSet<>();
        Object scope = claims.containsKey("scope") ? claims.get("scope") : claims.get("scp");
        if (scope instanceof String text) {
            for (String item : text.split(" ")) {
                if (!item.isEmpty()) {
                    scopes.add(item);
                }
            }
        } else if (scope instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw new InvalidTokenException(Rejection.INVALID_CLAIM, "scope holds a non-string");
                }
                scopes.add(text);
            }
        } else if (scope != null) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "scope is neither a string nor an array");
        }
        return Collections.unmodifiableSet(scopes);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
