package dev.tollgate.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * The credentials DynamoDB requests are signed with: the AWS SDK's providers, which cache and
 * refresh what they fetch.
 */
public final class DynamoDbCredentials {

    private DynamoDbCredentials() {}

    /**
     * The provider for this environment.
     *
     * @param inLambda true in Lambda: only the two ways Lambda hands out credentials
     * @return a provider that resolves lazily (nothing is read or fetched until the first request)
     */
    public static AwsCredentialsProvider of(boolean inLambda) {
        if (inLambda) {
            // Lambda hands out credentials in exactly two ways: environment variables, or (SnapStart,
            // managed instances) a container credentials endpoint. Naming the two instead of the whole
            // default chain (system properties, web identity, profiles, IMDS) spares ~40 ms of
            // provider loading and probing on the first signed request.
            return AwsCredentialsProviderChain.builder()
                    .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                            new LazyContainerCredentialsProvider())
                    .build();
        }
        // A developer's machine or CI: the SDK's default chain (properties, environment, profiles, ...).
        return DefaultCredentialsProvider.builder().build();
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
