package dev.tollgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the permission table is read: consistency, time budget, retries, and the variables the
 * endpoint is resolved from. This record holds what was configured; the DynamoDB edge
 * ({@code dynamodb/DynamoDbEndpoints}) turns region, partition and FIPS into the effective endpoint.
 *
 * @param consistentRead        strongly consistent reads ({@code TOLLGATE_DYNAMODB_CONSISTENT_READ},
 *                              default false: eventually consistent)
 * @param apiCallTimeout        whole call, retries included ({@code TOLLGATE_DYNAMODB_API_CALL_TIMEOUT_MS},
 *                              default {@link #DEFAULT_API_CALL_TIMEOUT})
 * @param apiCallAttemptTimeout one HTTP attempt ({@code TOLLGATE_DYNAMODB_API_CALL_ATTEMPT_TIMEOUT_MS},
 *                              default {@link #DEFAULT_API_CALL_ATTEMPT_TIMEOUT})
 * @param maxRetries            retries after the first attempt ({@code TOLLGATE_DYNAMODB_MAX_RETRIES},
 *                              default {@link #DEFAULT_MAX_RETRIES})
 * @param transport             how requests travel ({@code TOLLGATE_DYNAMODB_CLIENT}, default
 *                              {@link Transport#HTTP})
 * @param region                signing region ({@code AWS_REGION}, else {@code AWS_DEFAULT_REGION});
 *                              required with {@link Transport#HTTP}, null with {@link Transport#SDK},
 *                              which resolves it itself
 * @param endpoint              an explicit endpoint for {@link Transport#HTTP}
 *                              ({@code AWS_ENDPOINT_URL_DYNAMODB}, else {@code AWS_ENDPOINT_URL}); null
 *                              (the default) means DynamoDB's regional endpoint in the region's
 *                              partition; always null with {@link Transport#SDK}
 * @param fips                  the regional FIPS endpoint ({@code AWS_USE_FIPS_ENDPOINT}, default false);
 *                              never with an explicit endpoint
 */
public record DynamoDbSettings(
        boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxRetries,
        Transport transport, String region, URI endpoint, boolean fips) {

    /** API Gateway waits 29 s at most, but a caller waits on us: stay well under a second or two. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMillis(2000);
    public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(600);
    public static final int DEFAULT_MAX_RETRIES = 2;

    /**
     * @throws NullPointerException     for a missing timeout or transport
     * @throws IllegalArgumentException for a non-positive timeout, negative retries, or FIPS with an
     *                                  explicit endpoint
     */
    public DynamoDbSettings {
        Durations.requirePositive("apiCallTimeout", apiCallTimeout);
        Durations.requirePositive("apiCallAttemptTimeout", apiCallAttemptTimeout);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        Objects.requireNonNull(transport, "transport");
        if (fips && endpoint != null) {
            throw new IllegalArgumentException("an explicit endpoint is not a FIPS endpoint: " + endpoint);
        }
    }

    /** The HTTP transport without FIPS. */
    public DynamoDbSettings(boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout,
            int maxRetries, Transport transport, String region, URI endpoint) {
        this(consistentRead, apiCallTimeout, apiCallAttemptTimeout, maxRetries, transport, region, endpoint, false);
    }

    /** The AWS SDK's {@code DynamoDbClient}, which resolves region and endpoint itself. */
    public DynamoDbSettings(boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout,
            int maxRetries) {
        this(consistentRead, apiCallTimeout, apiCallAttemptTimeout, maxRetries, Transport.SDK, null, null, false);
    }

    /**
     * How DynamoDB requests travel. Both read the same items with the same projection, consistency,
     * timeouts, retries and failure semantics; an integration suite runs both against dynalite.
     */
    public enum Transport {
        /**
         * Default. GetItem and BatchGetItem as JSON over HTTPS ({@code HttpURLConnection}), signed
         * with tollgate's SigV4 signer (held to the SDK's by tests) and credentials from the AWS
         * SDK's providers. It starts ~520 ms faster than the SDK client on the project's machine,
         * both dependencies over TLS (bench/README.md): the generated client loads ~1,580
         * classes more before its first call.
         */
        HTTP,
        /**
         * The AWS SDK for Java v2 {@code DynamoDbClient}: the SDK's endpoint rules (dual-stack,
         * FIPS, every partition), its retry strategy and every SDK configuration source. Pick it
         * with SnapStart (the snapshot carries the loaded client) or when an SDK feature is needed.
         */
        SDK
    }
}
