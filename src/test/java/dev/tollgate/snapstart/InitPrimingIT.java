package dev.tollgate.snapstart;

import static dev.tollgate.lambda.HandlerHarness.tokenEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.lambda.HandlerHarness;
import dev.tollgate.observe.Log;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.LoopbackIssuer;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestKeys;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The priming at the end of init where no snapshot follows (Lambda Managed Instances, provisioned
 * concurrency), against a real loopback issuer: the same side-effect-free work as before a SnapStart
 * checkpoint, and nothing on an on-demand or SnapStart init.
 */
class InitPrimingIT {
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";

    @ParameterizedTest
    @CsvSource({"lambda-managed-instances", "provisioned-concurrency"})
    void primeAtInitWhenInitAheadOfTrafficThenPrimedWithoutNetworkAndHandlerStillCorrect(String type) throws Exception {
        try (LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks())) {
            HandlerHarness harness = harness(issuer, type);
            String logs = primeAtInit(harness);
            assertThat(issuer.jwksRequests() + issuer.discoveryRequests()).as("priming touches no network").isZero();
            assertThat(logs).contains("\"primed\"").contains("\"phase\":\"init\"").doesNotContain("\"decision\"")
                    .doesNotContain("priming failed")
                    .contains("\"allowedPrimingRequests\":322")
                    .contains("\"tlsExchanges\":" + SnapStartHooks.TLS_ROUNDS_BEFORE_CHECKPOINT);
            String response = harness.invoke(tokenEvent(TestTokens.token().claim("iss", issuer.issuer()).bearer(), ARN));
            assertThat(response).contains("\"Effect\":\"Allow\"");
        }
    }

    @ParameterizedTest
    @CsvSource({"on-demand", "snap-start", "''"})
    void primeAtInitWhenColdStartOrSnapshotFollowsThenNothingRuns(String type) throws Exception {
        try (LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks())) {
            assertThat(primeAtInit(harness(issuer, type))).doesNotContain("\"primed\"");
        }
    }

    @Test
    void primeAtInitWhenPrimingOffThenNothingRuns() throws Exception {
        try (LoopbackIssuer issuer = LoopbackIssuer.start(TestKeys.jwks())) {
            HandlerHarness harness = new HandlerHarness(TestSettings.remote(issuer)
                    .with("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances")
                    .with("TOLLGATE_PRIMING", "false").build(),
                    new InMemoryPermissionStore().grant("alice", "GET /orders/*"), MutableClock.atTestNow());
            assertThat(primeAtInit(harness)).doesNotContain("\"primed\"");
        }
    }

    private static HandlerHarness harness(LoopbackIssuer issuer, String type) {
        TestSettings settings = TestSettings.remote(issuer);
        if (!type.isEmpty()) {
            settings = settings.with("AWS_LAMBDA_INITIALIZATION_TYPE", type);
        }
        return new HandlerHarness(settings.build(), new InMemoryPermissionStore().grant("alice", "GET /orders/*"),
                MutableClock.atTestNow());
    }

    private static String primeAtInit(HandlerHarness harness) {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            harness.handler().snapStartHooks().primeAtInit();
        } finally {
            Log.redirect(null);
        }
        return logs.toString(StandardCharsets.UTF_8);
    }
}
