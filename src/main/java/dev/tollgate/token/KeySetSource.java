package dev.tollgate.token;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;

/** Where one issuer's key set comes from: the network (discovery + JWKS URI) or fixed JSON. */
interface KeySetSource {

    /**
     * @return the current key set
     * @throws IOException when it cannot be fetched or parsed; the message says why
     */
    JWKSet fetch() throws IOException;

    /** False for a fixed key set, which never expires and is never refetched. */
    boolean isRemote();

    /**
     * False when the keys must not be fetched before a token needs them (at init, after a SnapStart
     * restore): the source may not exist, as a Cognito issuer the pool does not use.
     */
    default boolean fetchesAhead() {
        return true;
    }

    /** Where the keys come from, for log lines. */
    String describe();
}
