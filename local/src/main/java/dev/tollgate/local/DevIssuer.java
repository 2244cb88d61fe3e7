package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.LoopbackIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The development issuer of the local stack: a {@link LoopbackIssuer} on 127.0.0.1 serving
 * {@value LoopbackIssuer#DISCOVERY_PATH} and {@value #JWKS_PATH} with the public half of the
 * committed LOCAL-ONLY development key ({@code events/dev/dev-jwks.json}).
 *
 * <p>The discovery document names the issuer id the development tokens carry
 * ({@value DevKey#ISSUER}, what {@code ./tollgate mint} puts in {@code iss}) and a loopback
 * {@code jwks_uri}; the local stack points tollgate at that URI with {@code TOLLGATE_JWKS_URI}, so
 * tollgate fetches the keys over HTTP as it would from a real issuer. It signs nothing: tokens are
 * minted from the private key file by {@code ./tollgate mint}.
 */
final class DevIssuer {
    static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DevIssuer() {}

    /**
     * Serves the development key set of the project at {@code root} on {@code port} (0: a free one).
     *
     * @throws IOException              when the key set cannot be read
     * @throws IllegalArgumentException when it is not a JWK set with at least one key
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    static LoopbackIssuer start(Path root, int port) throws IOException {
        Path file = root.resolve(DevKey.PUBLIC_JWKS);
        String jwks = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode keys = JSON.readTree(jwks).path("keys");
        if (!keys.isArray() || keys.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a JWK set with at least one key");
        }
        return LoopbackIssuer.builder(jwks)
                .port(port)
                .issuerId(DevKey.ISSUER)
                .jwksPath(JWKS_PATH)
                .discoveryField("x_tollgate_note", "LOCAL DEVELOPMENT ONLY: the private key is public in the tollgate repository")
                .start();
    }
}
