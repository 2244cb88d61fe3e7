/**
 * Bearer tokens: extraction, structural checks, JWS verification (the one place that uses
 * nimbus-jose-jwt, for keys and signatures only; its JSON is read by {@code JoseJson}), the checks
 * of Cognito user pools' tokens, the JWKS cache and its sources (a JWKS URI, OIDC discovery with
 * the RFC 8414 fallback, a Cognito pool's endpoints, inline keys), and sender-constrained tokens
 * ({@code SenderConstraint}: certificate-bound after RFC 8705, DPoP proofs after RFC 9449, checked
 * against raw request strings the edge hands over as {@code SenderEvidence}). "The token is bad" is
 * an {@code InvalidTokenException} with a reason; "we cannot get keys" is a
 * {@code JwksUnavailableException}, "we cannot record a DPoP proof" a
 * {@code DpopReplayCacheFullException}. No AWS type.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.token;
