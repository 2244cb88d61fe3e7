package dev.tollgate.lambda;

import dev.tollgate.config.Settings;
import dev.tollgate.permission.PermissionStore;
import java.time.Clock;

/** Builds the production permission store. */
final class DynamoDbWiring {
    private DynamoDbWiring() {}

    static PermissionStore permissionStore(Settings settings, Clock clock) {
        throw new UnsupportedOperationException("DynamoDB permission store is not wired yet");
    }
}
