package dev.tollgate.config;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One trusted issuer: from {@code TOLLGATE_ISSUER}, {@code TOLLGATE_AUDIENCE},
 * {@code TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE}, {@code TOLLGATE_JWKS_URI} and {@code TOLLGATE_JWKS_FILE}
 * or {@code TOLLGATE_JWKS_JSON}, or one entry of {@code TOLLGATE_ISSUERS}.
 *
 * @param issuer    exact expected {@code iss} ({@code TOLLGATE_ISSUER}); required
 * @param audiences accepted {@code aud} values, any one must match ({@code TOLLGATE_AUDIENCE}); at
 *                  least one
 * @param acceptClientIdAsAudience also accept {@code client_id}, as Cognito access tokens have no aud
 *                  ({@code TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE}, default false)
 * @param jwksUri   where the keys are ({@code TOLLGATE_JWKS_URI}); null (the default) means "from the
 *                  issuer's discovery document"; always null when {@code jwksJson} is set
 * @param jwksJson  a JWK set given directly for local use ({@code TOLLGATE_JWKS_JSON} or the content of
 *                  {@code TOLLGATE_JWKS_FILE}); null (the default) means the keys are fetched over HTTP
 * @param rolesClaim the claim (name or dotted path) naming the token's roles: the entry's
 *                  {@code rolesClaim}, else {@code TOLLGATE_ROLES_CLAIM}; null (the default) means
 *                  tokens of this issuer name no roles
 * @param cognito   the Cognito user pool this issuer is one of the issuers of (a {@code TOLLGATE_ISSUERS}
 *                  entry with {@code cognitoUserPoolId}): its tokens' {@code token_use} and client are
 *                  checked instead of {@code aud}, and {@code audiences} holds its client ids; null (the
 *                  default) for any other issuer
 * @param allowPlainHttp the issuer, its discovery and its JWKS may use plain http on a non-loopback
 *                  host (the entry's {@code allowPlainHttp}, else {@code TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER},
 *                  default false: https only, http on loopback hosts)
 */
public record IssuerSettings(String issuer, Set<String> audiences, boolean acceptClientIdAsAudience, URI jwksUri,
        String jwksJson, String rolesClaim, CognitoPreset cognito, boolean allowPlainHttp) {

    /** An issuer without a roles claim. */
    public IssuerSettings(String issuer, Set<String> audiences, boolean acceptClientIdAsAudience, URI jwksUri,
            String jwksJson) {
        this(issuer, audiences, acceptClientIdAsAudience, jwksUri, jwksJson, null);
    }

    /** An issuer that is no Cognito pool's, its keys over https (http on loopback hosts only). */
    public IssuerSettings(String issuer, Set<String> audiences, boolean acceptClientIdAsAudience, URI jwksUri,
            String jwksJson, String rolesClaim) {
        this(issuer, audiences, acceptClientIdAsAudience, jwksUri, jwksJson, rolesClaim, null, false);
    }

    /**
     * @throws IllegalArgumentException when there is no audience, both key sources are given or the
     *     roles claim is blank
     */
    public IssuerSettings {
        Objects.requireNonNull(issuer, "issuer");
        audiences = Set.copyOf(audiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("issuer " + issuer + " needs at least one audience");
        }
        if (jwksUri != null && jwksJson != null) {
            throw new IllegalArgumentException("issuer " + issuer + ": a JWKS URI and inline keys exclude each other");
        }
        if (rolesClaim != null && rolesClaim.isBlank()) {
            throw new IllegalArgumentException("issuer " + issuer + ": the roles claim is blank");
        }
    }

    /** This issuer with {@code claim} as its roles claim; null for none. */
    public IssuerSettings withRolesClaim(String claim) {
        return new IssuerSettings(issuer, audiences, acceptClientIdAsAudience, jwksUri, jwksJson, claim, cognito,
                allowPlainHttp);
    }

    /** The discovery document URI: {@code <issuer>/.well-known/openid-configuration}. */
    public URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /**
     * The RFC 8414 metadata URI, asked when {@link #discoveryUri()} answers 404: the well-known
     * suffix goes between the host and the issuer's path (a terminating {@code /} removed), so
     * {@code https://host/tenant} has {@code https://host/.well-known/oauth-authorization-server/tenant}.
     */
    public URI authorizationServerMetadataUri() {
        URI uri = URI.create(issuer);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        return URI.create(uri.getScheme() + "://" + authority + "/.well-known/oauth-authorization-server" + path);
    }
}
