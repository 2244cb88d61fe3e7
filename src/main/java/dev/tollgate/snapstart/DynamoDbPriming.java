package dev.tollgate.snapstart;

import dev.tollgate.config.DynamoDbSettings;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.observe.Log;
import dev.tollgate.permission.PermissionStoreException;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Primes the DynamoDB request path: a {@link DynamoDbPermissionStore} built with its public
 * constructor over {@link CannedDynamoDb} and throw-away credentials reads principals that run
 * GetItem, BatchGetItem (roles), the re-request of unprocessed keys, a disabled item, a missing
 * item and an error response: request documents, SigV4 signing, the attempt on the exchange pool,
 * the CRC check, response and error parsing, the item rules. No byte leaves the process, no
 * credentials are looked up, no table is read, nothing is kept.
 *
 * <p>What canned answers cannot reach, the HTTPS exchange itself ({@code HttpsURLConnection}: JSSE,
 * the handshake, the fixed-length POST and the response read), {@link TlsPriming} runs
 * before a checkpoint: 20 exchanges, alternately a GET and a fixed-length POST, through
 * {@code HttpsURLConnection} to a TLS responder on loopback inside the process. tollgate's own
 * thin layer over it ({@code UrlConnectionExchange} with its {@code ConnectionDeadline}) is loaded
 * from the class list before a checkpoint and first runs after the restore (its {@code open} when
 * the DynamoDB connection is opened, its {@code post} on the first read).
 */
public final class DynamoDbPriming {
    private static final String TABLE = "tollgate-priming";
    private static final List<String> PRINCIPALS = List.of(CannedDynamoDb.PRINCIPAL, CannedDynamoDb.DISABLED,
            CannedDynamoDb.ABSENT, CannedDynamoDb.DENIED);

    private DynamoDbPriming() {}

    /**
     * Runs the reads once. Failures are logged and swallowed: priming must never block a SnapStart
     * publish or an init.
     *
     * @param settings the production DynamoDB settings (the endpoint is resolved as in production,
     *                 never contacted)
     * @return how many of the priming principals were read as expected (4 when everything ran)
     */
    public static int run(DynamoDbSettings settings) {
        int read = 0;
        try {
            DynamoDbPermissionStore store = new DynamoDbPermissionStore(TABLE, settings,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")),
                    new CannedDynamoDb(TABLE), Duration.ZERO);
            for (String principal : PRINCIPALS) {
                try {
                    store.permissionsOf(principal);
                    read += principal.equals(CannedDynamoDb.DENIED) ? 0 : 1;
                } catch (PermissionStoreException expected) {
                    read += principal.equals(CannedDynamoDb.DENIED) ? 1 : 0;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            Log.warn("tollgate.snapstart", "priming the DynamoDB path failed", "error", e.toString());
        }
        return read;
    }
}
