/**
 * Bearer tokens: extraction, structural checks, JWS verification (the one place that uses
 * nimbus-jose-jwt, for keys and signatures only; its JSON is read by {@code JoseJson}), the JWKS
 * cache and its sources. "The token is bad" is an {@code InvalidTokenException} with a reason; "we
 * cannot get keys" is a {@code JwksUnavailableException}. No AWS type.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.token;
