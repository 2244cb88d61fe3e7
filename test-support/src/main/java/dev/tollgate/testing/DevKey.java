package dev.tollgate.testing;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The development signing key committed under {@code events/dev/}: LOCAL DEVELOPMENT ONLY.
 *
 * <p>Everyone can read the private half, so no deployment may ever trust its public key. It exists
 * so that the tokens in {@code events/*.json} verify offline ({@code sam local invoke} with
 * {@code events/env.json}, and the event fixture tests).
 */
public final class DevKey {

    /** {@code kid} of the development key. */
    public static final String KEY_ID = "tollgate-dev-1";
    /** Issuer of every development token (any value works: the local keys are inline). */
    public static final String ISSUER = "https://issuer.tollgate.example";
    /** Audience of every valid development token. */
    public static final String AUDIENCE = "tollgate-demo";
    /** Private JWK, relative to the project directory. */
    public static final Path PRIVATE_JWK = Path.of("events", "dev", "dev-signing-key.private.jwk.json");
    /** Public JWK set, relative to the project directory. */
    public static final Path PUBLIC_JWKS = Path.of("events", "dev", "dev-jwks.json");

    private DevKey() {
    }

    /**
     * The project root: system property {@code tollgate.project.dir} (set by surefire), else the
     * working directory.
     */
    public static Path projectDir() {
        return Path.of(System.getProperty("tollgate.project.dir", System.getProperty("user.dir")));
    }

    /** The private development key from {@link #projectDir()}. */
    public static RSAKey privateKey() {
        return privateKey(projectDir());
    }

    /**
     * The private development key of the project at {@code projectDir}.
     *
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalStateException    if it is not an RSA private JWK with the expected kid
     */
    public static RSAKey privateKey(Path projectDir) {
        Path file = projectDir.resolve(PRIVATE_JWK);
        RSAKey key;
        try {
            key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not an RSA JWK: " + e.getMessage(), e);
        }
        if (!key.isPrivate() || !KEY_ID.equals(key.getKeyID())) {
            throw new IllegalStateException(file + " must hold the private key with kid " + KEY_ID);
        }
        return key;
    }

    /** The public JWK set committed next to the private key. */
    public static JWKSet publicJwks(Path projectDir) {
        Path file = projectDir.resolve(PUBLIC_JWKS);
        try {
            return JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    /**
     * Signs {@code claims} with RS256 and {@code key}; header {@code kid} and {@code typ: JWT}.
     * RSASSA-PKCS1-v1_5 is deterministic, so equal claims give an equal token.
     */
    public static String sign(RSAKey key, JWTClaimsSet claims) {
        return SigningKey.of(key).sign(claims);
    }
}
