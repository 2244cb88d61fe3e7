package dev.tollgate.dynamodb;

import dev.tollgate.config.Settings;
import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.config.DynamoDbSettings.Transport;
import dev.tollgate.testing.DynaliteTables;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link DynamoDbPermissionStore} over one transport, built the way production builds it
 * (see {@code DynamoDbWiring}), so the integration tests run every case over both transports:
 * <ul>
 *   <li>{@link Transport#SDK}: {@link DynamoDbClients#create} with the endpoint and region handed to
 *       the SDK as the environment would (their system-property twins, set only while building);
 *   <li>{@link Transport#HTTP}: {@link DynamoDbPermissionStore#overHttp} with the region and endpoint
 *       in the settings, as {@code SettingsReader} derives them.
 * </ul>
 * Credentials come from the default chain in both cases ({@code inLambda=false}): the tests set the
 * {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties.
 */
final class TransportStore implements AutoCloseable {
    /** The system-property twins of AWS_ENDPOINT_URL_DYNAMODB and AWS_REGION. */
    private static final String ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";
    private static final String REGION_PROPERTY = "aws.region";

    final Transport transport;
    final DynamoDbPermissionStore store;
    private final DynamoDbClient client; // SDK only

    private TransportStore(Transport transport, DynamoDbPermissionStore store, DynamoDbClient client) {
        this.transport = transport;
        this.store = store;
        this.client = client;
    }

    /**
     * @param budget consistency, timeouts and retries (its transport, region and endpoint are ignored)
     */
    static TransportStore open(Transport transport, URI endpoint, String table, DynamoDbSettings budget) {
        DynamoDbSettings settings = settings(transport, endpoint, budget);
        if (transport == Transport.HTTP) {
            return new TransportStore(transport, DynamoDbPermissionStore.overHttp(table, settings, false), null);
        }
        DynamoDbClient client = sdkClient(endpoint, settings);
        return new TransportStore(transport, new DynamoDbPermissionStore(client, table, settings), client);
    }

    /** {@code budget} as {@code SettingsReader} would give it for {@code transport} and {@code endpoint}. */
    static DynamoDbSettings settings(Transport transport, URI endpoint, DynamoDbSettings budget) {
        if (transport == Transport.SDK) {
            return new DynamoDbSettings(budget.consistentRead(), budget.apiCallTimeout(),
                    budget.apiCallAttemptTimeout(), budget.maxRetries());
        }
        return new DynamoDbSettings(budget.consistentRead(), budget.apiCallTimeout(),
                budget.apiCallAttemptTimeout(), budget.maxRetries(), Transport.HTTP, DynaliteTables.REGION, endpoint);
    }

    /** The SDK reads endpoint and region when the client is built: the properties are set only meanwhile. */
    private static synchronized DynamoDbClient sdkClient(URI endpoint, DynamoDbSettings settings) {
        String previousEndpoint = System.setProperty(ENDPOINT_PROPERTY, endpoint.toString());
        String previousRegion = System.setProperty(REGION_PROPERTY, DynaliteTables.REGION);
        try {
            return DynamoDbClients.create(settings, false);
        } finally {
            restore(ENDPOINT_PROPERTY, previousEndpoint);
            restore(REGION_PROPERTY, previousRegion);
        }
    }

    static void restore(String name, String previous) {
        if (previous == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, previous);
        }
    }

    @Override
    public String toString() {
        return transport.name();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
