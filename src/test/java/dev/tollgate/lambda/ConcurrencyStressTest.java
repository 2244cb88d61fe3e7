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
 * Lambda managed instances run many invocations in one process: one handler shared by 32 threads
 * over a mix of valid and invalid tokens and principals, with roles from the token, route scopes and
 * revocation among them, must give each request exactly the single-threaded answer.
 */
class ConcurrencyStressTest {
    private static final int THREADS = 32;
    /** Orders need {@code orders:read}, admin routes {@code admin}: the same routes the grants name. */
    private static final String ROUTE_SCOPES = "{\"GET /orders/*\": [\"orders:read\"], \"* /admin/*\": [\"admin\"]}";
    private static final int REQUESTS_PER_THREAD = 400;
    private static final String ALLOW = "\"Effect\":\"Allow\"";

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
        // Route scopes: one principal allowed both routes, tokens with each combination of the two scopes.
        store.grant("scoped", "GET /orders/*", "* /admin/*");
        for (String scope : new String[] {null, "orders:read", "admin", "orders:read admin", "orders:write"}) {
            for (String arn : arns) {
                events.add(tokenEvent(TestTokens.token().subject("scoped").claim("scope", scope).bearer(), arn));
            }
        }
        // Per-principal revocation: tokens issued before tokensValidAfter (or without iat) are refused.
        store.grant("logged-out", "GET /orders/*").tokensValidAfter("logged-out", TestTokens.NOW.plusSeconds(1));
        store.grant("logged-in-again", "GET /orders/*").tokensValidAfter("logged-in-again", TestTokens.NOW.minusSeconds(60));
        for (String principal : new String[] {"logged-out", "logged-in-again"}) {
            events.add(tokenEvent(TestTokens.token().subject(principal).bearer(), arns[0]));
            events.add(tokenEvent(TestTokens.token().subject(principal).claim("iat", null).bearer(), arns[0]));
            events.add(tokenEvent(TestTokens.token().subject(principal).claim("jti", "j-" + principal).bearer(), arns[0]));
        }
        store.grant("revoked-jti", "GET /orders/*").revokeJti("gone", TestTokens.NOW.plusSeconds(3600));
        events.add(tokenEvent(TestTokens.token().subject("revoked-jti").claim("jti", "gone").bearer(), arns[0]));
        events.add(tokenEvent(TestTokens.token().subject("revoked-jti").claim("jti", "kept").bearer(), arns[0]));
        events.add(tokenEvent(TestTokens.token().claim("groups", 5).bearer(), arns[0]));
        events.add(tokenEvent(TestTokens.token().expiresAt(TestTokens.NOW.minusSeconds(999)).bearer(), arns[0]));
        events.add(tokenEvent(TestTokens.token().signedWith(TestKeys.RSA_OTHER, com.nimbusds.jose.JWSAlgorithm.RS256)
                .kid(TestKeys.RSA.getKeyID()).bearer(), arns[0]));
        events.add(tokenEvent("Bearer garbage", arns[0]));
        events.add(tokenEvent(null, arns[0]));

        MutableClock clock = MutableClock.atTestNow();
        HandlerHarness reference = new HandlerHarness(TestSettings.inlineKeys()
                .with("TOLLGATE_ROLES_CLAIM", "groups").with("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES).build(), store, clock);
        List<String> expected = new ArrayList<>();
        for (String event : events) {
            expected.add(answer(reference, event));
        }

        HandlerHarness shared = new HandlerHarness(TestSettings.inlineKeys()
                .with("TOLLGATE_ROLES_CLAIM", "groups")
                .with("TOLLGATE_ROUTE_SCOPES", ROUTE_SCOPES)
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
        // The new paths answered as they should in the reference, so the comparison covers them.
        assertThat(expected).anyMatch(a -> a.contains("\"principalId\":\"scoped\"") && a.contains(ALLOW)
                && a.contains("\"Effect\":\"Deny\""));
        assertThat(expected).anyMatch(a -> a.contains("\"principalId\":\"logged-in-again\"") && a.contains(ALLOW));
        assertThat(expected).anyMatch(a -> a.contains("\"principalId\":\"revoked-jti\"") && a.contains(ALLOW));
    }

    /**
     * Tokens revoked while many threads ask about them: once the revocation is written and the
     * revocation TTL has passed (the clock moved past it), no request started afterwards gets an
     * Allow for a revoked token, and the tokens not revoked keep theirs.
     */
    @Test
    void handleWhenTokensRevokedMidRunThenNeverAnAllowForThemAfterTheBound() throws Exception {
        InMemoryPermissionStore store = new InMemoryPermissionStore();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            store.grant("user-" + i, "GET /orders/*");
            events.add(tokenEvent(TestTokens.token().subject("user-" + i).claim("jti", "t" + i).bearer(),
                    AuthorizerHandlerTest.ARN));
        }
        MutableClock clock = MutableClock.atTestNow();
        HandlerHarness shared = new HandlerHarness(TestSettings.inlineKeys()
                .with("TOLLGATE_PERMISSIONS_CACHE_MAX_ENTRIES", "16")
                .with("TOLLGATE_REVOCATION_CACHE_TTL_SECONDS", "60").build(), store, clock);
        java.util.concurrent.atomic.AtomicBoolean boundPassed = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch warmed = new CountDownLatch(THREADS);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            results.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                // Runs until it has made REQUESTS_PER_THREAD requests after the bound passed.
                for (int r = 0, afterBound = 0; afterBound < REQUESTS_PER_THREAD; r++) {
                    if (r == 50) {
                        warmed.countDown();
                    }
                    int index = random.nextInt(events.size());
                    boolean after = boundPassed.get();
                    if (after) {
                        afterBound++;
                    }
                    String answer = answer(shared, events.get(index));
                    boolean revoked = index % 3 == 0;
                    if (after && revoked && !answer.equals("Unauthorized")) {
                        return "revoked token t" + index + " answered " + answer;
                    }
                    // before the bound a revoked token may get either answer; a token not revoked always its Allow
                    if (!revoked && !answer.contains(ALLOW)) {
                        return "token t" + index + " answered " + answer;
                    }
                }
                return null;
            }));
        }
        start.countDown();
        // Every thread has answers cached by now: the revocation lands mid-run, behind cached Allows.
        assertThat(warmed.await(60, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < events.size(); i += 3) {
            store.revokeJti("t" + i, TestTokens.NOW.plusSeconds(3600));
        }
        clock.advance(java.time.Duration.ofSeconds(60));
        boundPassed.set(true);
        List<String> failures = new ArrayList<>();
        for (Future<String> result : results) {
            String failure = result.get(60, TimeUnit.SECONDS);
            if (failure != null) {
                failures.add(failure);
            }
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        for (int i = 0; i < events.size(); i++) {
            String answer = answer(shared, events.get(i));
            if (i % 3 == 0) {
                assertThat(answer).as("token t%d", i).isEqualTo("Unauthorized");
            } else {
                assertThat(answer).as("token t%d", i).contains(ALLOW);
            }
        }
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
