package dev.tollgate.lambda;

import dev.tollgate.config.Settings;
import dev.tollgate.dynamodb.DynamoDbClients;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the production permission store over one DynamoDB client, once at init. */
final class DynamoDbWiring {
    private DynamoDbWiring() {}

    static DynamoDbPermissionStore permissionStore(Settings settings) {
        DynamoDbClient client = DynamoDbClients.create(settings.dynamoDb(), settings.inLambda());
        return new DynamoDbPermissionStore(client, settings.permissionsTable(), settings.dynamoDb());
    }
}
