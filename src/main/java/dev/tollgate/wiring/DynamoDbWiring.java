package dev.tollgate.wiring;

import dev.tollgate.config.Settings;
import dev.tollgate.dynamodb.DynamoDbClients;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.observe.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the production permission store over the configured DynamoDB transport, once at init. */
public final class DynamoDbWiring {
    private DynamoDbWiring() {}

    public static DynamoDbPermissionStore permissionStore(Settings settings) {
        Settings.DynamoDbSettings dynamoDb = settings.dynamoDb();
        if (dynamoDb.transport() == Settings.DynamoDbSettings.Transport.SDK) {
            DynamoDbClient client = DynamoDbClients.create(dynamoDb, settings.inLambda());
            return new DynamoDbPermissionStore(client, settings.permissionsTable(), dynamoDb);
        }
        if (dynamoDb.endpoint() != null && "http".equalsIgnoreCase(dynamoDb.endpoint().getScheme())
                && !Settings.isLoopback(dynamoDb.endpoint().getHost())) {
            // Only with TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true (Settings): local stacks such as sam local.
            Log.warn("tollgate.dynamodb", "DynamoDB endpoint uses plain http; requests and their credentials' "
                    + "session token travel unencrypted", "endpoint", dynamoDb.endpoint().toString());
        }
        return DynamoDbPermissionStore.overHttp(settings.permissionsTable(), dynamoDb, settings.inLambda());
    }
}
