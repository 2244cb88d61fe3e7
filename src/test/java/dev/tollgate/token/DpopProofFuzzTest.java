package dev.tollgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.config.SenderConstraintSettings;
import dev.tollgate.testing.DpopProofs;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation fuzzing of valid ES256 and RS256 DPoP proofs: every mutant (a character
 * replaced, dropped or doubled in the compact form, or in the decoded header or payload JSON, then
 * re-encoded) that is not the original must be refused with {@link InvalidTokenException}: never
 * accepted, never another exception or error (which would be a 500 rather than a 401).
 */
class DpopProofFuzzTest {
    private static final long SEED = 0xd0_9f_0fL;
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";
    private static final String URL = "https://api.example.com/prod/orders/42";
    private static final String CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. \"{}[]:,\\\u0000\u00e9";

    private final MutableClock clock = MutableClock.atTestNow();
    private final Map<Rejection, Integer> reasons = new EnumMap<>(Rejection.class);

    private int run(String valid, String jkt, Random random, int mutants) {
        VerifiedToken bound = new VerifiedToken(TestTokens.ISSUER, "alice", Set.of(), Map.of("cnf", Map.of("jkt", jkt)),
                TestTokens.NOW.plusSeconds(300), Set.of());
        int run = 0;
        for (int i = 0; i < mutants; i++) {
            String mutant = i % 2 == 0 ? mutateCompact(valid, random) : mutateJson(valid, random);
            if (mutant.equals(valid)) {
                continue;
            }
            // A fresh replay cache for each: a mutant is refused for its content, not as a replay.
            SenderConstraint constraint = SenderConstraint.create(SenderConstraintSettings.DEFAULTS,
                    Duration.ofSeconds(60), clock);
            try {
                constraint.check(bound, new Credential(TOKEN, true),
                        () -> new SenderEvidence(null, mutant, false, "GET", "api.example.com", "/prod/orders/42"));
                fail("mutant accepted: " + mutant);
            } catch (InvalidTokenException e) {
                reasons.merge(e.rejection(), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("mutant raised " + e + ": " + mutant, e);
            }
            run++;
        }
        return run;
    }

    private static String mutateCompact(String proof, Random random) {
        StringBuilder out = new StringBuilder(proof);
        int at = random.nextInt(out.length());
        switch (random.nextInt(3)) {
            case 0 -> out.setCharAt(at, CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
            case 1 -> out.deleteCharAt(at);
            default -> out.insert(at, out.charAt(at));
        }
        return out.toString();
    }

    /** Mutates the decoded header or payload and re-encodes it: reaches the JSON and claim checks. */
    private static String mutateJson(String proof, Random random) {
        String[] parts = proof.split("\\.");
        int segment = random.nextInt(2);
        StringBuilder json = new StringBuilder(new String(Base64.getUrlDecoder().decode(parts[segment]),
                StandardCharsets.UTF_8));
        int at = random.nextInt(json.length());
        switch (random.nextInt(3)) {
            case 0 -> json.setCharAt(at, CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
            case 1 -> json.deleteCharAt(at);
            default -> json.insert(at, json.charAt(at));
        }
        parts[segment] = Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString()
                .getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    @Test
    void everyMutantOfAValidProofIsRefusedWithAReason() throws Exception {
        Random random = new Random(SEED);
        String es256 = DpopProofs.proof("GET", URL, TOKEN).claim("jti", "fuzz-es").sign();
        String rs256 = DpopProofs.proof("GET", URL, TOKEN).claim("jti", "fuzz-rs")
                .signedWith(TestKeys.RSA, JWSAlgorithm.RS256).sign();
        int total = run(es256, DpopProofs.jkt(TestKeys.EC), random, 2000)
                + run(rs256, DpopProofs.jkt(TestKeys.RSA), random, 1000);
        System.out.println("DpopProofFuzzTest: " + total + " mutants run; rejections by reason " + reasons);
        assertThat(total).isGreaterThan(2900);
        assertThat(reasons).containsKeys(Rejection.DPOP_PROOF_INVALID, Rejection.DPOP_BAD_SIGNATURE);
    }
}
