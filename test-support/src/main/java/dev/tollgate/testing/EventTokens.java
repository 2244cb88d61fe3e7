package dev.tollgate.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bearer tokens inside {@code events/*.json}, minted from the development key: LOCAL
 * DEVELOPMENT ONLY. {@code ./tollgate mint-events} ({@code dev.tollgate.local.tools.MintEvents})
 * writes what {@link #render} returns; the event tests check the committed files against it.
 *
 * <p>Every {@code Bearer <jwt>} string in an event file is replaced by a fresh token; everything else
 * in the file stays byte for byte. The kind of token follows the file name: {@code *expired*} gets an
 * expired token, {@code *wrong-audience*} one for audience {@value #WRONG_AUDIENCE}, any other file a
 * valid token for principal {@value #PRINCIPAL}. Claims and times are fixed and RS256 signatures are
 * deterministic, so rendering twice gives the same files.
 */
public final class EventTokens {

    public static final String PRINCIPAL = "alice";
    public static final String SCOPE = "orders:read";
    public static final String WRONG_AUDIENCE = "someone-else";
    /** Valid tokens: issued 2026-01-01, valid until 2036-01-01 so {@code sam local invoke} works for years. */
    public static final Instant VALID_ISSUED_AT = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant VALID_EXPIRES_AT = Instant.parse("2036-01-01T00:00:00Z");
    /** Expired tokens: a one-hour token from 2025-01-01. */
    public static final Instant EXPIRED_ISSUED_AT = Instant.parse("2025-01-01T00:00:00Z");
    public static final Instant EXPIRED_EXPIRES_AT = Instant.parse("2025-01-01T01:00:00Z");

    /** A bearer token as it appears in a header or identity source. */
    static final Pattern BEARER_JWT =
            Pattern.compile("Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /** Which token an event file carries. */
    public enum Kind { VALID, EXPIRED, WRONG_AUDIENCE }

    private EventTokens() {
    }

    /** The kind of token the event file {@code fileName} carries. */
    public static Kind kindOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.contains("expired")) {
            return Kind.EXPIRED;
        }
        if (name.contains("wrong-audience")) {
            return Kind.WRONG_AUDIENCE;
        }
        return Kind.VALID;
    }

    /** The fixed claims of a token of {@code kind}. */
    public static JWTClaimsSet claims(Kind kind) {
        boolean expired = kind == Kind.EXPIRED;
        return new JWTClaimsSet.Builder()
                .issuer(DevKey.ISSUER)
                .audience(kind == Kind.WRONG_AUDIENCE ? WRONG_AUDIENCE : DevKey.AUDIENCE)
                .subject(PRINCIPAL)
                .issueTime(Date.from(expired ? EXPIRED_ISSUED_AT : VALID_ISSUED_AT))
                .expirationTime(Date.from(expired ? EXPIRED_EXPIRES_AT : VALID_EXPIRES_AT))
                .claim("scope", SCOPE)
                .build();
    }

    /**
     * The event files of {@code dir} (top level {@code *.json} except {@code env.json}) with their
     * tokens re-minted, in file-name order; nothing is written.
     *
     * @throws IllegalStateException if a result is not valid JSON
     */
    public static Map<Path, String> render(Path dir, RSAKey key) throws IOException {
        Map<Path, String> result = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : eventFiles(dir)) {
            String token = "Bearer " + DevKey.sign(key, claims(kindOf(file.getFileName().toString())));
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String minted = BEARER_JWT.matcher(text).replaceAll(Matcher.quoteReplacement(token));
            try {
                json.readTree(minted);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
            }
            result.put(file, minted);
        }
        return result;
    }

    /** Top-level {@code *.json} event files of {@code dir}, without {@code env.json}, sorted. */
    public static List<Path> eventFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("env.json"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
