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
 * @param region                signing region ({@code AWS_REGION}, else {@code AWS_DEFAULT_REGION})
 * @param endpoint              an explicit endpoint ({@code AWS_ENDPOINT_URL_DYNAMODB}, else
 *                              {@code AWS_ENDPOINT_URL}); null (the default) means DynamoDB's regional
 *                              endpoint in the region's partition
 * @param fips                  the regional FIPS endpoint ({@code AWS_USE_FIPS_ENDPOINT}, default false);
 *                              never with an explicit endpoint
 * @param dualStack             the regional dual-stack (IPv4 and IPv6) endpoint
 *                              ({@code AWS_USE_DUALSTACK_ENDPOINT}, default false); never with an
 *                              explicit endpoint
 */
public record DynamoDbSettings(
        boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout, int maxRetries,
        String region, URI endpoint, boolean fips, boolean dualStack) {

    /** API Gateway waits 29 s at most, but a caller waits on us: stay well under a second or two. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMillis(2000);
    public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(600);
    public static final int DEFAULT_MAX_RETRIES = 2;

    /**
     * @throws NullPointerException     for a missing timeout or region
     * @throws IllegalArgumentException for a non-positive timeout, negative retries, or FIPS or
     *                                  dual-stack with an explicit endpoint
     */
    public DynamoDbSettings {
        Durations.requirePositive("apiCallTimeout", apiCallTimeout);
        Durations.requirePositive("apiCallAttemptTimeout", apiCallAttemptTimeout);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        Objects.requireNonNull(region, "region");
        if ((fips || dualStack) && endpoint != null) {
            throw new IllegalArgumentException("an explicit endpoint is neither a FIPS nor a dual-stack endpoint: "
                    + endpoint);
        }
    }

    /** Neither FIPS nor dual-stack. */
    public DynamoDbSettings(boolean consistentRead, Duration apiCallTimeout, Duration apiCallAttemptTimeout,
            int maxRetries, String region, URI endpoint) {
        this(consistentRead, apiCallTimeout, apiCallAttemptTimeout, maxRetries, region, endpoint, false, false);
    }
}
