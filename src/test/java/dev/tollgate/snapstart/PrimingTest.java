package dev.tollgate.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.LogLevel;
import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.observe.Log;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.wiring.Components;
import org.junit.jupiter.api.Test;

/** The in-memory priming: every shape and response mode, the production's log level left as it was. */
class PrimingTest {

    @Test
    void runWhenOneRoundThenBothValidTokensAllowedOnEveryShapeAndModeAndLogLevelKept() throws Exception {
        Components production = Components.create(TestSettings.inlineKeys().with("AWS_LAMBDA_LOG_LEVEL", "DEBUG").build(),
                new InMemoryPermissionStore(), MutableClock.atTestNow());
        Log.configure(LogLevel.DEBUG);
        try {
            // 2 valid tokens x 4 shapes x 2 response modes, and the DPoP proof's first use in each mode (its
            // second, on the HTTP API event, is a replay); the invalid token is refused on each.
            assertThat(Priming.run(AuthorizerHandler.WIRED, production.settings(), 1)).isEqualTo(18);
            assertThat(Log.enabled(LogLevel.DEBUG)).as("the production's level is restored, not INFO").isTrue();
        } finally {
            Log.configure(LogLevel.INFO);
        }
    }
}
