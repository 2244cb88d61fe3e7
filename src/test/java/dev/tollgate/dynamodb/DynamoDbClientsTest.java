package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.DynamoDbSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The client's configuration; builds clients but sends nothing (no network). */
class DynamoDbClientsTest {
    private static final DynamoDbSettings SETTINGS = new DynamoDbSettings(
            false, Duration.ofMillis(1800), Duration.ofMillis(500), 3);

    private final Map<String, String> previous = new HashMap<>();

    private void property(String name, String value) {
        previous.putIfAbsent(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    @AfterEach
    void restoreProperties() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void createWhenSettingsGivenThenTimeoutsAndAttemptsApplied() {
        property("aws.region", "eu-central-1");

        try (DynamoDbClient client = DynamoDbClients.create(SETTINGS, false)) {
            ClientOverrideConfiguration overrides = client.serviceClientConfiguration().overrideConfiguration();
            assertThat(overrides.apiCallTimeout()).contains(Duration.ofMillis(1800));
            assertThat(overrides.apiCallAttemptTimeout()).contains(Duration.ofMillis(500));
            assertThat(overrides.retryStrategy()).hasValueSatisfying(
                    strategy -> assertThat(strategy.maxAttempts()).isEqualTo(4));
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_CENTRAL_1);
        }
    }

    @Test
    void createWhenOutsideLambdaThenProfileFileRegionUsed(@TempDir Path home) throws IOException {
        property("aws.configFile", profileWithRegion(home).toString());
        property("aws.disableEc2Metadata", "true");

        try (DynamoDbClient client = DynamoDbClients.create(SETTINGS, false)) {
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_3);
        }
    }

    @Test
    void createWhenInLambdaThenProfileFilesNotRead(@TempDir Path home) throws IOException {
        property("aws.configFile", profileWithRegion(home).toString());
        property("aws.disableEc2Metadata", "true");

        // Lambda always sets AWS_REGION; without it, only a profile file could supply one.
        assertThatThrownBy(() -> DynamoDbClients.create(SETTINGS, true))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("region");
    }

    @Test
    void createWhenInLambdaThenCredentialsFromEnvironmentOrContainerOnly() {
        property("aws.region", "eu-central-1");
        try (DynamoDbClient client = DynamoDbClients.create(SETTINGS, true)) {
            assertThat(client.serviceClientConfiguration().credentialsProvider().toString())
                    .contains("EnvironmentVariableCredentialsProvider", "ContainerCredentialsProvider")
                    .doesNotContain("ProfileCredentialsProvider", "InstanceProfileCredentialsProvider");
        }
    }

    private static Path profileWithRegion(Path home) throws IOException {
        Path config = home.resolve("config");
        Files.writeString(config, "[default]\nregion = eu-west-3\n");
        return config;
    }
}
