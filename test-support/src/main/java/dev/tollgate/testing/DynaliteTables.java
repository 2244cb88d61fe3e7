package dev.tollgate.testing;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Test-side access to a dynalite: creates the permissions table and writes items. Uses its own
 * client (explicit endpoint, dummy credentials: dynalite accepts any signature), never the
 * production factory, so test setup cannot mask a production wiring bug.
 */
public final class DynaliteTables implements AutoCloseable {
    /** Dynalite accepts any SigV4 signature; these only have to be well formed. */
    public static final String ACCESS_KEY_ID = "AKIDTOLLGATETEST";
    public static final String SECRET_ACCESS_KEY = "tollgate-test-secret";
    public static final String REGION = "us-east-1";

    private final DynamoDbClient client;

    /** A client of the dynalite at {@code endpoint} over plain HTTP, or HTTPS trusting the JDK's roots. */
    public DynaliteTables(URI endpoint) {
        this(endpoint, null);
    }

    /**
     * A client of the dynalite at {@code endpoint}.
     *
     * @param trust the trust managers of an HTTPS endpoint (e.g. a CA made for the run); null: the JDK's
     */
    public DynaliteTables(URI endpoint, TrustManager[] trust) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (trust != null) {
            http.tlsTrustManagersProvider(() -> trust);
        }
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClient(http.build())
                .build();
    }

    /** Creates an on-demand table with partition key {@code principal} (S). */
    public void createPermissionsTable(String tableName) {
        client.createTable(b -> b.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("principal").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("principal").keyType(KeyType.HASH).build()));
        client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    /** Writes (replaces) one item. */
    public void put(String tableName, Map<String, AttributeValue> item) {
        client.putItem(b -> b.tableName(tableName).item(item));
    }

    /** Stores {@code permissions} (a string set of {@code "<METHOD> <path>"}) for {@code principal}. */
    public void putPermissions(String tableName, String principal, Collection<String> permissions) {
        put(tableName, Map.of(
                "principal", AttributeValue.fromS(principal),
                "permissions", AttributeValue.fromSs(List.copyOf(permissions))));
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
