package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.config.Settings;
import dev.tollgate.testing.DynaliteTables;
import java.net.URI;
import java.time.Duration;

/**
 * {@link DynamoDbPermissionStore}s built as production builds them ({@code DynamoDbPermissionStore.overHttp}:
 * {@link DynamoDbPermissionStore#overHttp}) against a loopback endpoint, so the integration tests
 * run production code with no test-only path. Credentials come from the default chain
 * ({@code inLambda=false}): the tests set the {@code aws.accessKeyId} / {@code aws.secretAccessKey}
 * system properties.
 */
final class LoopbackStores {
    private LoopbackStores() {}

    /** Consistency, timeouts and retries; region and endpoint are set by {@link #open}. */
    static DynamoDbSettings budget(boolean consistentRead, Duration callTimeout, Duration attemptTimeout,
            int maxRetries) {
        return new DynamoDbSettings(consistentRead, callTimeout, attemptTimeout, maxRetries,
                DynaliteTables.REGION, null);
    }

    /** {@code budget} as {@code Settings} would give it for {@code endpoint}. */
    static DynamoDbSettings settings(URI endpoint, DynamoDbSettings budget) {
        return new DynamoDbSettings(budget.consistentRead(), budget.apiCallTimeout(),
                budget.apiCallAttemptTimeout(), budget.maxRetries(), DynaliteTables.REGION, endpoint);
    }

    static DynamoDbPermissionStore open(URI endpoint, String table, DynamoDbSettings budget) {
        return DynamoDbPermissionStore.overHttp(table, settings(endpoint, budget), false);
    }

    static void restore(String name, String previous) {
        if (previous == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, previous);
        }
    }
}
