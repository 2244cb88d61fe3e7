package dev.tollgate.token;

import static dev.tollgate.testing.TestTokens.token;
import static dev.tollgate.token.TokenAssertions.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.RawTokens;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation fuzzing of valid RS256 and ES256 tokens: every mutant that is not
 * byte-identical to a valid token must be refused with {@link InvalidTokenException}: never
 * accepted, never another exception or error. Seeded, a few thousand mutants, a few seconds.
 */
class TokenFuzzTest {
    private static final long SEED = 0x7011_6a7eL;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Characters a mangled token may contain instead: padding, other alphabets, separators, space, non-ASCII. */
    private static final String FOREIGN = "=+/. \t\n%\\\"'{}\u0000\u00e9\u2028";

    private static final MutableClock CLOCK = MutableClock.atTestNow();
    private static final TokenVerifier VERIFIER = verifier(TestSettings.inlineKeys(), CLOCK);
    private static final AtomicInteger TOTAL = new AtomicInteger();
    private static final Map<Rejection, Integer> REASONS = new EnumMap<>(Rejection.class);

    private static String rs256;
    private static String es256;
    /** Every token the verifier accepts; a mutant equal to one of these is not a mutant. */
    private static Set<String> valid;
    /** Tokens from other keys, for swapping segments: one impostor under the trusted kid. */
    private static List<String> donors;

    @BeforeAll
    static void tokens() throws Exception {
        rs256 = token().claim("scope", "orders:read orders:write").sign();
        es256 = token().es256().subject("bob").sign();
        // Two more valid tokens of the same keys: swapping their segments is the classic splice.
        String rsAdmin = token().subject("admin").claim("scope", "admin").sign();
        String esAdmin = token().es256().subject("admin").claim("scope", "admin").sign();
        valid = Set.of(rs256, es256, rsAdmin, esAdmin);
        for (String token : valid) {
            VERIFIER.verify(token); // they verify, and sit in the verified-token cache while mutants run
        }
        RSAKey impostor = new RSAKey.Builder(TestKeys.RSA_OTHER).keyID("rsa-1").build();
        donors = List.of(rs256, es256, rsAdmin, esAdmin,
                token().subject("admin").signedWith(impostor, JWSAlgorithm.RS256).sign(),
                token().subject("admin").signedWith(TestKeys.EC_P384, JWSAlgorithm.ES384).kid("ec-1").sign(),
                rsAdmin.replaceFirst("^[^.]+", RawTokens.b64("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}")));
    }

    @AfterAll
    static void report() {
        System.out.println("TokenFuzzTest: " + TOTAL.get() + " mutants run; rejections by reason " + REASONS);
    }

    /** Verifies one mutant; records a problem unless it is refused with InvalidTokenException. */
    private static final class Run {
        private final Map<String, String> problems = new LinkedHashMap<>();
        private int count;

        void check(String what, String mutant) {
            if (valid.contains(mutant)) {
                return; // byte-identical to a valid token: not a mutant
            }
            count++;
            TOTAL.incrementAndGet();
            try {
                VerifiedToken accepted = VERIFIER.verify(mutant);
                problems.put(what + ": ACCEPTED as " + accepted.principal(), mutant);
            } catch (InvalidTokenException e) {
                synchronized (REASONS) {
                    REASONS.merge(e.rejection(), 1, Integer::sum);
                }
            } catch (Throwable t) { // StackOverflowError, RuntimeException: both are failures here
                problems.put(what + ": " + t, mutant);
            }
        }

        void assertAllRejected(int atLeast) {
            assertThat(problems).as("mutants not refused with InvalidTokenException").isEmpty();
            assertThat(count).isGreaterThanOrEqualTo(atLeast);
        }
    }

    private static void forEachValid(Consumer<String> action) {
        action.accept(rs256);
        action.accept(es256);
    }

    private static String[] segments(String token) {
        return token.split("\\.", -1);
    }

    @Test
    void verifyWhenOneCharacterReplacedAnywhereThenRejected() {
        Run run = new Run();
        Random random = new Random(SEED);
        forEachValid(token -> {
            for (int i = 0; i < token.length(); i++) {
                char original = token.charAt(i);
                char other = original;
                while (other == original) {
                    other = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                }
                run.check("replace " + i, token.substring(0, i) + other + token.substring(i + 1));
                char foreign = FOREIGN.charAt(random.nextInt(FOREIGN.length()));
                if (foreign != original) {
                    run.check("foreign " + i, token.substring(0, i) + foreign + token.substring(i + 1));
                }
            }
        });
        run.assertAllRejected(1000);
    }

    @Test
    void verifyWhenCharacterBitsFlippedThenRejected() {
        Run run = new Run();
        forEachValid(token -> {
            for (int i = 0; i < token.length(); i += 3) {
                for (int bit = 0; bit < 7; bit++) {
                    char flipped = (char) (token.charAt(i) ^ (1 << bit));
                    run.check("char bit " + i + "/" + bit, token.substring(0, i) + flipped + token.substring(i + 1));
                }
            }
        });
        run.assertAllRejected(1000);
    }

    @Test
    void verifyWhenDecodedBitsFlippedAndReencodedThenRejected() {
        Run run = new Run();
        Random random = new Random(SEED + 1);
        forEachValid(token -> {
            for (int segment = 0; segment < 3; segment++) {
                String[] parts = segments(token);
                byte[] bytes = RawTokens.decode(parts[segment]);
                for (int n = 0; n < 150; n++) {
                    byte[] copy = bytes.clone();
                    int at = random.nextInt(copy.length);
                    copy[at] ^= (byte) (1 << random.nextInt(8));
                    String[] mutated = parts.clone();
                    mutated[segment] = RawTokens.b64(copy);
                    run.check("segment " + segment + " byte " + at, String.join(".", mutated));
                }
            }
        });
        run.assertAllRejected(800);
    }

    @Test
    void verifyWhenTruncatedAtEveryPositionThenRejected() {
        Run run = new Run();
        forEachValid(token -> {
            for (int end = 0; end < token.length(); end++) {
                run.check("prefix " + end, token.substring(0, end));
            }
            for (int start = 1; start < token.length(); start += 7) {
                run.check("suffix " + start, token.substring(start));
            }
            String[] parts = segments(token);
            for (int segment = 0; segment < 3; segment++) {
                for (int cut = 1; cut <= Math.min(8, parts[segment].length()); cut++) {
                    String[] mutated = parts.clone();
                    mutated[segment] = parts[segment].substring(0, parts[segment].length() - cut);
                    run.check("segment " + segment + " minus " + cut, String.join(".", mutated));
                    mutated[segment] = parts[segment].substring(cut);
                    run.check("segment " + segment + " from " + cut, String.join(".", mutated));
                }
            }
        });
        run.assertAllRejected(900);
    }

    @Test
    void verifyWhenSegmentsReencodedThenRejected() {
        Run run = new Run();
        Base64.Encoder standard = Base64.getEncoder();
        Base64.Encoder standardUnpadded = Base64.getEncoder().withoutPadding();
        Base64.Encoder urlPadded = Base64.getUrlEncoder();
        Base64.Encoder mime = Base64.getMimeEncoder(16, "\r\n".getBytes(StandardCharsets.US_ASCII));
        forEachValid(token -> {
            String[] parts = segments(token);
            for (int segment = 0; segment < 3; segment++) {
                byte[] bytes = RawTokens.decode(parts[segment]);
                List<String> spellings = new ArrayList<>(List.of(
                        urlPadded.encodeToString(bytes), standard.encodeToString(bytes),
                        standardUnpadded.encodeToString(bytes), mime.encodeToString(bytes),
                        parts[segment] + "=", parts[segment] + "==", parts[segment] + "===", "=" + parts[segment],
                        parts[segment].replace('-', '+').replace('_', '/'), parts[segment] + "A",
                        "A" + parts[segment], parts[segment] + "AA", parts[segment] + "AAAA",
                        parts[segment].toUpperCase(), parts[segment].toLowerCase(),
                        new String(bytes, StandardCharsets.ISO_8859_1)));
                int last = parts[segment].length() - 1;
                int lastValue = ALPHABET.indexOf(parts[segment].charAt(last));
                for (int bit = 1; bit < 16; bit++) { // same bytes, non-zero trailing bits
                    spellings.add(parts[segment].substring(0, last) + ALPHABET.charAt((lastValue ^ bit) & 63));
                }
                for (String spelling : spellings) {
                    String[] mutated = parts.clone();
                    mutated[segment] = spelling;
                    run.check("segment " + segment + " spelled " + spelling.length(), String.join(".", mutated));
                }
            }
        });
        run.assertAllRejected(100);
    }

    @Test
    void verifyWhenSegmentsSwappedBetweenTokensOfDifferentKeysThenRejected() {
        Run run = new Run();
        List<String[]> split = donors.stream().map(TokenFuzzTest::segments).toList();
        for (String[] h : split) {
            for (String[] p : split) {
                for (String[] s : split) {
                    run.check("swap", h[0] + "." + p[1] + "." + s[2]);
                }
            }
        }
        run.assertAllRejected(200);
    }

    @Test
    void verifyWhenSegmentsDuplicatedOrReorderedThenRejected() {
        Run run = new Run();
        forEachValid(token -> {
            String[] p = segments(token);
            String h = p[0];
            String c = p[1];
            String s = p[2];
            List<String> shapes = List.of(
                    c + "." + h + "." + s, h + "." + s + "." + c, s + "." + c + "." + h, s + "." + h + "." + c,
                    c + "." + s + "." + h, h + "." + h + "." + s, c + "." + c + "." + s, h + "." + c + "." + h,
                    h + "." + c + "." + c, h + "." + c + "." + s + "." + s, h + "." + h + "." + c + "." + s,
                    h + "." + c + "." + s + "." + h + "." + c, token + "." + token, token + token,
                    h + "." + c, h + "." + c + "." + s + ".", "." + token, token + ".", h + ".." + c + "." + s,
                    h + "." + c + ".." + s, h + c + "." + s, h + "." + c + s, token.replace(".", ""),
                    token.replace('.', '_'), h + "." + c + "." + s.substring(0, s.length() / 2) + "." + s.substring(s.length() / 2));
            for (int i = 0; i < shapes.size(); i++) {
                run.check("shape " + i, shapes.get(i));
            }
        });
        run.assertAllRejected(40);
    }

    @Test
    void verifyWhenSeveralRandomMutationsStackedThenRejected() {
        Run run = new Run();
        Random random = new Random(SEED + 2);
        forEachValid(token -> {
            for (int n = 0; n < 600; n++) {
                StringBuilder mutant = new StringBuilder(token);
                int operations = 2 + random.nextInt(3);
                for (int op = 0; op < operations && mutant.length() > 0; op++) {
                    int at = random.nextInt(mutant.length());
                    switch (random.nextInt(5)) {
                        case 0 -> mutant.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        case 1 -> mutant.deleteCharAt(at);
                        case 2 -> mutant.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        case 3 -> mutant.insert(at, FOREIGN.charAt(random.nextInt(FOREIGN.length())));
                        default -> {
                            int to = Math.min(mutant.length(), at + 1 + random.nextInt(8));
                            String piece = mutant.substring(at, to);
                            mutant.insert(random.nextInt(mutant.length()), piece);
                        }
                    }
                }
                run.check("stacked " + n, mutant.toString());
            }
        });
        run.assertAllRejected(1000);
    }

    @Test
    void verifyWhenValidTokensAfterFuzzingThenStillAccepted() throws Exception {
        VERIFIER.forgetVerifiedTokens();

        assertThat(VERIFIER.verify(rs256).principal()).isEqualTo("alice");
        assertThat(VERIFIER.verify(es256).principal()).isEqualTo("bob");
    }
}
