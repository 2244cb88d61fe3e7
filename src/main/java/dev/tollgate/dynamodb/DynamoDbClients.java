package dev.tollgate.dynamodb;

import dev.tollgate.config.Settings;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the one {@link DynamoDbClient} tollgate uses, once, at init.
 *
 * <p>What the SDK resolves by itself, on purpose, so local runs and tests need no code path of
 * their own: the region ({@code AWS_REGION}, or the {@code aws.region} system property) and the
 * endpoint ({@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL}, or their system
 * properties). What is set here explicitly: the HTTP client, timeouts, retries, credentials, and, in
 * Lambda, no profile files.
 */
public final class DynamoDbClients {

    private DynamoDbClients() {}

    /**
     * Builds the client.
     *
     * @param settings    timeouts and retries; not null
     * @param inLambda    true when running in Lambda ({@link Settings#inLambda()}): no profile files are read
     * @return a new client; the caller owns it (one per process, never closed in Lambda)
     * @throws software.amazon.awssdk.core.exception.SdkClientException when the SDK cannot resolve a
     *     region (no {@code AWS_REGION}) or the endpoint override is not a URI
     */
    public static DynamoDbClient create(Settings.DynamoDbSettings settings, boolean inLambda) {
        Duration attemptTimeout = settings.apiCallAttemptTimeout();

        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                // The whole call, retries and backoff included: the caller is waiting on the authorizer.
                .apiCallTimeout(settings.apiCallTimeout())
                // One HTTP attempt: a stalled connection is abandoned and retried within the call budget.
                .apiCallAttemptTimeout(attemptTimeout)
                // Keeps DynamoDB's own retry strategy (its backoff, throttling handling, token bucket);
                // only the number of attempts is ours.
                .retryStrategy(b -> b.maxAttempts(1 + settings.maxRetries()))
                // Marks SnapStart priming requests, which PrimingHttpClient answers without the network.
                .addExecutionInterceptor(new PrimingHttpClient.Marker());

        AwsCredentialsProvider credentials;
        if (inLambda) {
            // Lambda has no ~/.aws files: an empty profile file spares the file-system probes (region,
            // retry mode, endpoint_url) and keeps the config classes unloaded.
            overrides.defaultProfileFile(ProfileFile.aggregator().build());
            // Lambda hands out credentials in exactly two ways: environment variables, or (SnapStart,
            // managed instances) a container credentials endpoint. Naming the two instead of the whole
            // default chain (system properties, web identity, profiles, IMDS) took ~40 ms off the
            // client's build and first call (bench/README.md).
            credentials = AwsCredentialsProviderChain.builder()
                    .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                            ContainerCredentialsProvider.builder().build())
                    .build();
        } else {
            // A developer's machine or CI: the SDK's default chain (properties, environment, profiles, ...).
            credentials = DefaultCredentialsProvider.builder().build();
        }

        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                // Explicit, so the SDK never scans the classpath for HTTP clients at init. Neither a connect
                // nor a read may outlast one attempt, so both socket timeouts equal the attempt timeout.
                .httpClient(new PrimingHttpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attemptTimeout)
                        .socketTimeout(attemptTimeout)
                        .build()))
                .credentialsProvider(credentials)
                // DescribeEndpoints would add a call and a background cache for nothing.
                .endpointDiscoveryEnabled(false)
                .overrideConfiguration(overrides.build());
        return builder.build();
    }
}
