package dev.tollgate.lambda;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.observe.Log;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lambda managed instances run several invocations in one process: many threads over a mix of valid
 * and invalid tokens and principals, tokens with roles among them, must each get exactly the
 * single-threaded answer.
 */
class ConcurrencyStressTest {
    private static final int THREADS = 16;
    private static final int REQUESTS_PER_THREAD = 400;

    @BeforeEach
    void quiet() {
        Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterEach
    void restore() {
        Log.redirect(null);
    }

    @Test
    void handleWhenManyThreadsThenEveryAnswerEqualsTheSingleThreadedOne() throws Exception {
        InMemoryPermissionStore store = new InMemoryPermissionStore()
                .grantRole("admins", "* /admin/*").grantRole("readers", "GET /orders/*");
        List<String> events = new ArrayList<>();
        String[] arns = {AuthorizerHandlerTest.ARN, AuthorizerHandlerTest.ADMIN_ARN};
        for (int i = 0; i < 40; i++) {
            String principal = "user-" + i;
            if (i % 4 != 0) {
                store.grant(principal, i % 2 == 0 ? "GET /orders/*" : "* /admin/*");
            }
            for (String arn : arns) {
                events.add(tokenEvent(TestTokens.token().subject(principal).bearer(), arn));
                events.add(tokenEvent(TestTokens.token().subject(principal).es256().claim("jti", "e" + i).bearer(), arn));
            }
        }
        // Tokens of one principal with different roles: each must get its own answer, never a cached other's.
        List<List<String>> roleSets = List.of(List.of(), List.of("admins"), List.of("readers"),
                List.of("admins", "readers"), List.of("ghost"));
        for (int i = 0; i < 8; i++) {
            for (int r = 0; r < roleSets.size(); r++) {
                String bearer = TestTokens.token().subject("roles-" + i).claim("groups", roleSets.get(r))
                        .claim("jti", "r" + i + "-" + r).bearer();
                for (String arn : arns) {
                    events.add(tokenEvent(bearer, arn));
                }
            }
        }
        events.add(tokenEvent(TestTokens.token().claim("groups", 5).bearer(), arns[0]));
        events.add(tokenEvent(TestTokens.token().expiresAt(TestTokens.NOW.minusSeconds(999)).bearer(), arns[0]));
        events.add(tokenEvent(TestTokens.token().signedWith(TestKeys.RSA_OTHER, com.nimbusds.jose.JWSAlgorithm.RS256)
                .kid(TestKeys.RSA.getKeyID()).bearer(), arns[0]));
        events.add(tokenEvent("Bearer garbage", arns[0]));
        events.add(tokenEvent(null, arns[0]));

        MutableClock clock = MutableClock.atTestNow();
        HandlerHarness reference = new HandlerHarness(TestSettings.inlineKeys()
                .with("TOLLGATE_ROLES_CLAIM", "groups").build(), store, clock);
        List<String> expected = new ArrayList<>();
        for (String event : events) {
            expected.add(answer(reference, event));
        }

        HandlerHarness shared = new HandlerHarness(TestSettings.inlineKeys()
                .with("TOLLGATE_ROLES_CLAIM", "groups")
                .with("TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES", "16")      // forces evictions under load
                .with("TOLLGATE_VERIFIED_TOKEN_CACHE_MAX_ENTRIES", "32")
                .build(), store, clock);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            results.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                int mismatches = 0;
                for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
                    int index = random.nextInt(events.size());
                    if (!answer(shared, events.get(index)).equals(expected.get(index))) {
                        mismatches++;
                    }
                }
                return mismatches;
            }));
        }
        start.countDown();
        int mismatches = 0;
        for (Future<Integer> result : results) {
            mismatches += result.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(mismatches).isZero();
        assertThat(expected).anyMatch(a -> a.contains("\"principalId\":\"roles-0\"") && a.contains("/admin/*"))
                .anyMatch(a -> a.contains("\"principalId\":\"roles-0\"") && !a.contains("/admin/*"));
        assertThat(expected).anyMatch(a -> a.contains("\"Effect\":\"Allow\"")).anyMatch(a -> a.contains("\"Effect\":\"Deny\""))
                .anyMatch(a -> a.equals("Unauthorized"));
    }

    private static String answer(HandlerHarness harness, String event) {
        try {
            return harness.invoke(event);
        } catch (UnauthorizedException e) {
            return e.getMessage();
        } catch (Exception e) {
            return "ERROR " + e;
        }
    }
}
