package dev.tollgate.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Development tokens as {@code ./tollgate mint} makes them: RS256 with the committed LOCAL-ONLY key
 * ({@code events/dev/dev-signing-key.private.jwk.json}), issuer {@value DevIssuer#DEV_ISSUER_ID},
 * audience {@value DevIssuer#DEV_AUDIENCE}, scope {@code orders:read}.
 */
final class DevTokens {

    private final RSAKey key;

    private DevTokens(RSAKey key) {
        this.key = key;
    }

    static DevTokens load(Path root) throws IOException, ParseException {
        return new DevTokens(RSAKey.parse(Files.readString(root.resolve("events/dev/dev-signing-key.private.jwk.json"))));
    }

    /** A token for {@code principal}, valid for an hour from now. */
    String mint(String principal) {
        return mint(principal, Instant.now(), Duration.ofHours(1));
    }

    String mint(String principal, Instant issuedAt, Duration lifetime) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(DevIssuer.DEV_ISSUER_ID)
                .audience(DevIssuer.DEV_AUDIENCE)
                .subject(principal)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .claim("scope", "orders:read")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
