package dev.tollgate.snapstart;

import dev.tollgate.lambda.HandlerHarness;
import dev.tollgate.wiring.Components;
import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import dev.tollgate.observe.Log;
import org.junit.jupiter.api.Test;

/** Drives the SnapStart hooks directly, against a real loopback issuer. */
class SnapStartHooksIT {
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";

    @Test
    void beforeCheckpointWhenPrimingThenNoNetworkNoDecisionLogsAndHandlerStillCorrect() throws Exception {
        try (LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks())) {
            MutableClock clock = MutableClock.atTestNow();
            HandlerHarness harness = new HandlerHarness(TestSettings.remote(issuer).build(),
                    new InMemoryPermissionStore().grant("alice", "GET /orders/*"), clock);
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
            try {
                harness.handler().snapStartHooks().beforeCheckpoint(null);
            } finally {
                Log.redirect(null);
            }
            assertThat(issuer.jwksRequests() + issuer.discoveryRequests()).as("priming touches no network").isZero();
            assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"primed\"").doesNotContain("\"decision\"")
                    .doesNotContain("priming failed").containsPattern("\"preloadedClasses\":[1-9][0-9]{2,3},")
                    // 20 rounds x 2 valid tokens x 4 shapes x 2 response modes
                    .contains("\"allowedPrimingRequests\":322")
                    .contains("\"tlsExchanges\":" + SnapStartHooks.TLS_ROUNDS_BEFORE_CHECKPOINT);
            String response = harness.invoke(tokenEvent(TestTokens.token().claim("iss", issuer.issuer()).bearer(), ARN));
            assertThat(response).contains("\"Effect\":\"Allow\"");
        }
    }

    @Test
    void afterRestoreWhenCalledThenVerifiedTokensForgottenAndKeysRefetched() throws Exception {
        try (LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks())) {
            MutableClock clock = MutableClock.atTestNow();
            HandlerHarness harness = new HandlerHarness(TestSettings.remote(issuer).build(),
                    new InMemoryPermissionStore().grant("alice", "GET /orders/*"), clock);
            String event = tokenEvent(TestTokens.token().claim("iss", issuer.issuer()).bearer(), ARN);
            harness.invoke(event);
            Components components = harness.components();
            assertThat(components.verifier().verifiedTokenCount()).isEqualTo(1);
            int fetchesBefore = issuer.jwksRequests();

            clock.advance(Duration.ofSeconds(30)); // the restore happens later than the checkpoint
            harness.handler().snapStartHooks().afterRestore(null);

            assertThat(components.verifier().verifiedTokenCount()).isZero();
            assertThat(issuer.jwksRequests()).isEqualTo(fetchesBefore + 1);
            assertThat(harness.invoke(event)).contains("\"Effect\":\"Allow\"");
        }
    }
}
