package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Which credentials providers sign DynamoDB requests; builds providers but resolves nothing (no network). */
class DynamoDbCredentialsTest {

    @Test
    void ofWhenInLambdaThenCredentialsFromEnvironmentOrContainerOnly() {
        assertThat(DynamoDbCredentials.of(true).toString())
                .contains("EnvironmentVariableCredentialsProvider", "ContainerCredentialsProvider")
                .doesNotContain("ProfileCredentialsProvider", "InstanceProfileCredentialsProvider");
    }

    @Test
    void ofWhenOutsideLambdaThenTheSdkDefaultChain() {
        assertThat(DynamoDbCredentials.of(false)).isInstanceOf(DefaultCredentialsProvider.class);
    }
}
