package dev.tollgate.local;

import dev.tollgate.local.tools.MintToken;
import dev.tollgate.testing.DevKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Development tokens exactly as {@code ./tollgate mint} makes them ({@link MintToken}, {@link DevKey}). */
final class DevTokens {

    private final RSAKey key;

    private DevTokens(RSAKey key) {
        this.key = key;
    }

    static DevTokens load(Path root) {
        return new DevTokens(DevKey.privateKey(root));
    }

    /** A token for {@code principal}, valid for an hour from now. */
    String mint(String principal) {
        return mint(principal, Instant.now(), Duration.ofHours(1));
    }

    /** As {@link #mint(String)}, with string claims set or overridden ({@code --claim name=value}). */
    String mintWith(String principal, String... claims) {
        List<String> args = new java.util.ArrayList<>(List.of(principal));
        for (String claim : claims) {
            args.add("--claim");
            args.add(claim);
        }
        return MintToken.mint(args, Clock.systemUTC(), key);
    }

    String mint(String principal, Instant issuedAt, Duration lifetime) {
        return MintToken.mint(List.of(principal, "--ttl", Long.toString(lifetime.toSeconds())),
                Clock.fixed(issuedAt, ZoneOffset.UTC), key);
    }
}
