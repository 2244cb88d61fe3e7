package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
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
     * The credentials both transports sign with.
     *
     * @param inLambda true in Lambda: only the two ways Lambda hands out credentials
     * @return a provider that resolves lazily (nothing is read or fetched until the first request)
     */
    public static AwsCredentialsProvider credentials(boolean inLambda) {
        if (inLambda) {
            // Lambda hands out credentials in exactly two ways: environment variables, or (SnapStart,
            // managed instances) a container credentials endpoint. Naming the two instead of the whole
            // default chain (system properties, web identity, profiles, IMDS) took ~40 ms off the
            // client's build and first call (bench/README.md).
            return AwsCredentialsProviderChain.builder()
                    .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                            new LazyContainerCredentialsProvider())
                    .build();
        }
        // A developer's machine or CI: the SDK's default chain (properties, environment, profiles, ...).
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Builds the client.
     *
     * @param settings    timeouts and retries; not null
     * @param inLambda    true when running in Lambda ({@link dev.tollgate.config.RuntimeSettings#inLambda()}): no
     *                    profile files are read
     * @return a new client; the caller owns it (one per process, never closed in Lambda)
     * @throws software.amazon.awssdk.core.exception.SdkClientException when the SDK cannot resolve a
     *     region (no {@code AWS_REGION}) or the endpoint override is not a URI
     */
    public static DynamoDbClient create(DynamoDbSettings settings, boolean inLambda) {
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

        if (inLambda) {
            // Lambda has no ~/.aws files: an empty profile file spares the file-system probes (region,
            // retry mode, endpoint_url) and keeps the config classes unloaded.
            overrides.defaultProfileFile(ProfileFile.aggregator().build());
        }
        AwsCredentialsProvider credentials = credentials(inLambda);

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

    /**
     * The container credentials endpoint's provider, built on first use: without SnapStart Lambda
     * sets the environment variables, the chain never gets here, and the provider's JSON parser and
     * HTTP machinery stay unloaded.
     */
    private static final class LazyContainerCredentialsProvider implements AwsCredentialsProvider {
        private volatile AwsCredentialsProvider container;

        @Override
        public AwsCredentials resolveCredentials() {
            AwsCredentialsProvider provider = container;
            if (provider == null) {
                synchronized (this) {
                    provider = container;
                    if (provider == null) {
                        provider = ContainerCredentialsProvider.builder().build();
                        container = provider;
                    }
                }
            }
            return provider.resolveCredentials();
        }

        @Override
        public String toString() {
            return "ContainerCredentialsProvider(built on first use)";
        }
    }
}
