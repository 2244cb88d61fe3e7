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

    /** Where the keys come from, for log lines. */
    String describe();
}
