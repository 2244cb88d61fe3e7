package dev.tollgate.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Amazon Cognito user pool trusted through one {@code TOLLGATE_ISSUERS} entry with
 * {@code cognitoUserPoolId}. The pool's tokens name one of several issuers, all accepted:
 *
 * <ul>
 *   <li>{@code https://cognito-idp.<region>.amazonaws.com/<poolId>}: the ORIGINAL issuer; with
 *       multi-Region replication a token issued in a replica region names that region;
 *   <li>{@code https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>}: the UPDATED issuer
 *       (Cognito's {@code IssuerConfiguration}), recommended by AWS and required for replication;
 * </ul>
 *
 * each for the pool's own region (the prefix of its id) and every replica region
 * ({@code amazonaws.com.cn} in the China regions). A token's keys come from
 * {@code <the issuer it names>/.well-known/jwks.json} (no discovery document is read), or from
 * {@code jwksUri} or the inline {@code jwks} when given. A pool serves only the issuers its
 * configuration uses (the UPDATED host answers 403 for a pool on the ORIGINAL issuer), so no issuer's
 * keys are fetched before a token naming it arrives.
 *
 * @param userPoolId     the pool id ({@code us-east-1_AbCdEf123}); its region prefix is the pool's region
 * @param tokenUse       the only {@code token_use} accepted ({@code tokenUse}: {@code access} or {@code id})
 * @param clientIds      app client ids: an access token's {@code client_id}, an ID token's {@code aud}
 *                       must be one ({@code clientIds}); at least one
 * @param replicaRegions regions the pool is replicated to ({@code replicaRegions}, default none),
 *                       without the pool's own region, no region twice
 * @param jwksUri        where every issuer of the pool takes its keys from ({@code jwksUri}); null
 *                       (the default) means each issuer's own {@code /.well-known/jwks.json}
 */
public record CognitoPreset(String userPoolId, TokenUse tokenUse, Set<String> clientIds, List<String> replicaRegions,
        URI jwksUri) {

    /** A pool id: {@code <region>_<id>}; a region: lowercase words and a number ({@code us-gov-west-1}). */
    private static final Pattern POOL_ID = Pattern.compile("([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})_[0-9A-Za-z]{1,48}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}");

    /** The {@code token_use} values Cognito writes. */
    public enum TokenUse {
        ACCESS("access"), ID("id");

        private final String claim;

        TokenUse(String claim) {
            this.claim = claim;
        }

        /** The value of the {@code token_use} claim. */
        public String claim() {
            return claim;
        }

        /** @return the token use named {@code value}, or null for any other value */
        static TokenUse of(String value) {
            for (TokenUse use : values()) {
                if (use.claim.equals(value)) {
                    return use;
                }
            }
            return null;
        }
    }

    /**
     * @throws IllegalArgumentException for a malformed pool id or region, no client id, a replica
     *     region equal to the pool's or given twice
     */
    public CognitoPreset {
        Objects.requireNonNull(userPoolId, "userPoolId");
        Objects.requireNonNull(tokenUse, "tokenUse");
        if (!POOL_ID.matcher(userPoolId).matches()) {
            throw new IllegalArgumentException("'" + userPoolId + "' is not a Cognito user pool id (<region>_<id>)");
        }
        clientIds = Collections.unmodifiableSet(new LinkedHashSet<>(clientIds));
        if (clientIds.isEmpty() || clientIds.contains(null)) {
            throw new IllegalArgumentException("user pool " + userPoolId + " needs at least one client id");
        }
        Set<String> regions = new LinkedHashSet<>();
        regions.add(regionOf(userPoolId));
        for (String region : replicaRegions) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("user pool " + userPoolId + ": '" + region + "' is not a region name");
            }
            if (!regions.add(region)) {
                throw new IllegalArgumentException("user pool " + userPoolId + ": region " + region
                        + " is listed twice or is the pool's own region");
            }
        }
        replicaRegions = List.copyOf(replicaRegions);
    }

    /** The pool's own region: its id's prefix. */
    public String region() {
        return regionOf(userPoolId);
    }

    /**
     * Every issuer a token of this pool may name: for the pool's region, then each replica region,
     * the ORIGINAL issuer and then the UPDATED one.
     *
     * <p>AWS's {@code IssuerConfigurationType} says an UPDATED issuer names the pool's primary region,
     * so {@code issuer-cognito-idp.<replica>} may never appear in a token. It is accepted all the same:
     * its keys come only from that exact issuer's endpoint on AWS's own host (no security cost, and the
     * fetch is rate-limited), while refusing it would turn a failover that does write it into a
     * storm of 401s.
     */
    public List<String> issuers() {
        List<String> issuers = new ArrayList<>(2 + 2 * replicaRegions.size());
        List<String> regions = new ArrayList<>(1 + replicaRegions.size());
        regions.add(region());
        regions.addAll(replicaRegions);
        for (String region : regions) {
            String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
            issuers.add("https://cognito-idp." + region + "." + domain + "/" + userPoolId);
            issuers.add("https://issuer-cognito-idp." + region + "." + domain + "/" + userPoolId);
        }
        return List.copyOf(issuers);
    }

    /** {@code <issuer>/.well-known/jwks.json}: where Cognito serves the keys for tokens naming {@code issuer}. */
    public static URI jwksUriOf(String issuer) {
        return URI.create(issuer + "/.well-known/jwks.json");
    }

    private static String regionOf(String poolId) {
        Matcher matcher = POOL_ID.matcher(poolId);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + poolId + "' is not a Cognito user pool id");
        }
        return matcher.group(1).toLowerCase(Locale.ROOT);
    }
}
