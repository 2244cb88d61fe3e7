package dev.tollgate.config;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a token must be to be trusted, and how verified tokens and keys are kept: everything
 * {@code TokenVerifier} needs and nothing else.
 *
 * @param issuers        trusted issuers, each with its audiences and key source ({@code TOLLGATE_ISSUER}
 *                       and its companions, or {@code TOLLGATE_ISSUERS}); at least one, no issuer twice
 * @param algorithms     accepted JWS algorithms, asymmetric only, in configured order
 *                       ({@code TOLLGATE_ALGORITHMS}, default {@link #DEFAULT_ALGORITHMS}); a non-empty
 *                       subset of {@link #SUPPORTED_ALGORITHMS}
 * @param clockSkew      tolerance for exp, nbf and iat ({@code TOLLGATE_CLOCK_SKEW_SECONDS}, default
 *                       {@link #DEFAULT_CLOCK_SKEW})
 * @param principalClaim claim naming the principal, the DynamoDB partition key value
 *                       ({@code TOLLGATE_PRINCIPAL_CLAIM}, default {@link #DEFAULT_PRINCIPAL_CLAIM})
 * @param requiredClaims claims every token must carry, in configured order: a null value requires
 *                       presence, a non-null value that exact string ({@code TOLLGATE_REQUIRED_CLAIMS},
 *                       default none)
 * @param maxTokenBytes  tokens longer than this are rejected before any parsing
 *                       ({@code TOLLGATE_MAX_TOKEN_BYTES}, default {@link #DEFAULT_MAX_TOKEN_BYTES})
 * @param verifiedTokenCacheMaxEntries bound of the cache of already verified tokens; 0 disables it
 *                       ({@code TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES}, default
 *                       {@link #DEFAULT_VERIFIED_TOKEN_CACHE_MAX_ENTRIES})
 * @param jwks           how the issuers' keys are fetched and cached
 */
public record VerifierSettings(
        List<IssuerSettings> issuers,
        Set<String> algorithms,
        Duration clockSkew,
        String principalClaim,
        Map<String, String> requiredClaims,
        int maxTokenBytes,
        int verifiedTokenCacheMaxEntries,
        JwksSettings jwks) {

    /** Asymmetric algorithms tollgate can verify. {@code none} and HMAC are never accepted. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    public static final Set<String> DEFAULT_ALGORITHMS =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of("RS256", "ES256")));
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final String DEFAULT_PRINCIPAL_CLAIM = "sub";
    /** Real access tokens are 1-4 KB; 8 KB leaves room and bounds the work a stranger can cause. */
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
    public static final int DEFAULT_VERIFIED_TOKEN_CACHE_MAX_ENTRIES = 1000;

    /**
     * @throws IllegalArgumentException for no issuer or one twice, no algorithm or an unsupported one,
     *     a negative skew or limit, or a blank principal claim
     */
    public VerifierSettings {
        issuers = List.copyOf(issuers);
        if (issuers.isEmpty()) {
            throw new IllegalArgumentException("at least one issuer is required");
        }
        Set<String> names = new HashSet<>();
        for (IssuerSettings issuer : issuers) {
            // A loop, not a stream: streams' distinct/count load ~20 classes at init for nothing else.
            if (!names.add(issuer.issuer())) {
                throw new IllegalArgumentException("an issuer is listed twice: " + issuers);
            }
        }
        algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(algorithms));
        if (algorithms.isEmpty() || !SUPPORTED_ALGORITHMS.containsAll(algorithms)) {
            throw new IllegalArgumentException("algorithms must be a non-empty subset of " + SUPPORTED_ALGORITHMS
                    + ", were " + algorithms);
        }
        Durations.requireNonNegative("clockSkew", clockSkew);
        if (principalClaim == null || principalClaim.isBlank()) {
            throw new IllegalArgumentException("principalClaim must not be blank");
        }
        // Not Map.copyOf: a null value means "present, any value".
        Map<String, String> claims = new LinkedHashMap<>(requiredClaims);
        if (claims.containsKey(null)) {
            throw new IllegalArgumentException("requiredClaims has a null claim name");
        }
        requiredClaims = Collections.unmodifiableMap(claims);
        if (maxTokenBytes < 1) {
            throw new IllegalArgumentException("maxTokenBytes must be positive, was " + maxTokenBytes);
        }
        if (verifiedTokenCacheMaxEntries < 0) {
            throw new IllegalArgumentException("verifiedTokenCacheMaxEntries must not be negative, was "
                    + verifiedTokenCacheMaxEntries);
        }
        Objects.requireNonNull(jwks, "jwks");
    }

    /** {@code issuers} with every other value at its default. */
    public static VerifierSettings defaults(List<IssuerSettings> issuers) {
        return new VerifierSettings(issuers, DEFAULT_ALGORITHMS, DEFAULT_CLOCK_SKEW, DEFAULT_PRINCIPAL_CLAIM, Map.of(),
                DEFAULT_MAX_TOKEN_BYTES, DEFAULT_VERIFIED_TOKEN_CACHE_MAX_ENTRIES, JwksSettings.DEFAULTS);
    }
}
