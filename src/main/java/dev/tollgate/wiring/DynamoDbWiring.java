package dev.tollgate.wiring;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.net.Hosts;
import dev.tollgate.observe.Log;

/** Builds the production permission store over DynamoDB, once at init. */
public final class DynamoDbWiring {
    private DynamoDbWiring() {}

    /**
     * @param table    the permission table
     * @param dynamoDb the endpoint variables and the time budget
     * @param inLambda running in Lambda: no local AWS profile files are read for credentials
     */
    public static DynamoDbPermissionStore permissionStore(String table, DynamoDbSettings dynamoDb, boolean inLambda) {
        if (dynamoDb.endpoint() != null && "http".equalsIgnoreCase(dynamoDb.endpoint().getScheme())
                && !Hosts.isLoopback(dynamoDb.endpoint().getHost())) {
            // Only with TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP=true (SettingsReader): local stacks such as sam local.
            Log.warn("tollgate.dynamodb", "DynamoDB endpoint uses plain http; requests and their credentials' "
                    + "session token travel unencrypted", "endpoint", dynamoDb.endpoint().toString());
        }
        return DynamoDbPermissionStore.overHttp(table, dynamoDb, inLambda);
    }
}
