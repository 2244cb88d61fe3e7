package dev.tollgate.local.tools;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.testing.DevKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints one development token signed with {@link DevKey}: LOCAL DEVELOPMENT ONLY.
 *
 * <pre>
 * MintToken &lt;principal&gt; [--ttl SECONDS] [--aud AUDIENCE] [--iss ISSUER] [--claim name=value]...
 * </pre>
 *
 * Defaults: issuer {@value DevKey#ISSUER}, audience {@value DevKey#AUDIENCE}, lifetime one hour,
 * {@code scope "orders:read"}. {@code --claim} sets a string claim and may repeat; it overrides a
 * default (e.g. {@code --claim "scope=orders:read orders:write"}).
 */
public final class MintToken {

    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final String USAGE =
            "usage: MintToken <principal> [--ttl SECONDS] [--aud AUDIENCE] [--iss ISSUER] [--claim name=value]...";

    private MintToken() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(mint(List.of(args), Clock.systemUTC(), DevKey.privateKey()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /**
     * Mints a token from command-line arguments.
     *
     * @throws IllegalArgumentException on a missing principal or a malformed option
     */
    public static String mint(List<String> args, Clock clock, RSAKey key) {
        String principal = null;
        String issuer = DevKey.ISSUER;
        String audience = DevKey.AUDIENCE;
        Duration ttl = DEFAULT_TTL;
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("scope", "orders:read");
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--ttl":
                    ttl = Duration.ofSeconds(parseSeconds(value(arg, rest)));
                    break;
                case "--aud":
                    audience = value(arg, rest);
                    break;
                case "--iss":
                    issuer = value(arg, rest);
                    break;
                case "--claim":
                    String claim = value(arg, rest);
                    int eq = claim.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--claim needs name=value, was '" + claim + "'");
                    }
                    extra.put(claim.substring(0, eq), claim.substring(eq + 1));
                    break;
                default:
                    if (arg.startsWith("--") || principal != null) {
                        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                    }
                    principal = arg;
            }
        }
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("a principal is required");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(principal)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        extra.forEach(claims::claim);
        return DevKey.sign(key, claims.build());
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static long parseSeconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds <= 0) {
                throw new IllegalArgumentException("--ttl must be positive, was " + seconds);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ttl needs whole seconds, was '" + value + "'");
        }
    }
}
