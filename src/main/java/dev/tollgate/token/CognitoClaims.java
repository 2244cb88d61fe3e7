package dev.tollgate.token;

import dev.tollgate.config.CognitoPreset;
import java.util.Map;

/**
 * The claims that make a verified token one of a Cognito user pool's tokens of the configured kind,
 * checked in place of the audience: {@code token_use} equal to {@code tokenUse}
 * ({@link Rejection#WRONG_TOKEN_TYPE} otherwise, absent included), then the client: an access
 * token's {@code client_id} (access tokens carry no {@code aud}), an ID token's {@code aud} (a string
 * or an array), one of {@code clientIds} ({@link Rejection#WRONG_AUDIENCE} otherwise). A claim of
 * the wrong JSON type is {@link Rejection#INVALID_CLAIM}, as everywhere in the verifier.
 */
final class CognitoClaims {
    private CognitoClaims() {}

    /** @throws InvalidTokenException with the reason of the first check that fails */
    static void check(Map<String, Object> claims, CognitoPreset pool) throws InvalidTokenException {
        Object use = claims.get("token_use");
        if (use != null && !(use instanceof String)) {
            throw new InvalidTokenException(Rejection.INVALID_CLAIM, "token_use is not a string");
        }
        if (!pool.tokenUse().claim().equals(use)) {
            throw new InvalidTokenException(Rejection.WRONG_TOKEN_TYPE, use == null ? "no token_use"
                    : "token_use is not " + pool.tokenUse().claim());
        }
        if (pool.tokenUse() == CognitoPreset.TokenUse.ACCESS) {
            Object clientId = claims.get("client_id");
            if (clientId != null && !(clientId instanceof String)) {
                throw new InvalidTokenException(Rejection.INVALID_CLAIM, "client_id is not a string");
            }
            if (clientId == null || !pool.clientIds().contains(clientId)) {
                throw new InvalidTokenException(Rejection.WRONG_AUDIENCE, clientId == null ? "no client_id"
                        : "client_id not accepted");
            }
            return;
        }
        Object aud = claims.get("aud");
        if (TokenVerifier.audienceIn(aud, pool.clientIds())) {
            return;
        }
        throw new InvalidTokenException(Rejection.WRONG_AUDIENCE, aud == null ? "no aud" : "aud not accepted");
    }
}
