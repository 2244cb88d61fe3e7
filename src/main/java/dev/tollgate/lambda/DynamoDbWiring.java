package dev.tollgate.lambda;

import dev.tollgate.config.Settings;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.observe.Log;

/** Builds the production permission store, once at init. */
final class DynamoDbWiring {
    private DynamoDbWiring() {}

    static DynamoDbPermissionStore permissionStore(Settings settings) {
        Settings.DynamoDbSettings dynamoDb = settings.dynamoDb();
        if (dynamoDb.endpoint() != null && "http".equalsIgnoreCase(dynamoDb.endpoint().getScheme())
                && !Settings.isLoopback(dynamoDb.endpoint().getHost())) {
            // Only with TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true (Settings): local stacks such as sam local.
            Log.warn("tollgate.dynamodb", "DynamoDB endpoint uses plain http; requests and their credentials' "
                    + "session token travel unencrypted", "endpoint", dynamoDb.endpoint().toString());
        }
        return DynamoDbPermissionStore.overHttp(settings.permissionsTable(), dynamoDb, settings.inLambda());
    }
}
