package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SettingsReader}: the DynamoDB transport, region and endpoint variables. */
class SettingsReaderDynamoDbTest {
    private static Map<String, String> minimal() {
        return SettingsReaderTest.minimal();
    }


    @Test
    void readWhenMinimalThenTheRegionalEndpoint() {
        DynamoDbSettings dynamoDb = SettingsReader.read(minimal()).dynamoDb();

        assertThat(dynamoDb.region()).isEqualTo("eu-west-1");
        // No explicit endpoint: the regional one (DynamoDbEndpointsTest), not FIPS.
        assertThat(dynamoDb.endpoint()).isNull();
        assertThat(dynamoDb.fips()).isFalse();
        assertThat(dynamoDb.dualStack()).isFalse();
        assertThat(dynamoDb.apiCallTimeout()).isEqualTo(DynamoDbSettings.DEFAULT_API_CALL_TIMEOUT);
        assertThat(dynamoDb.apiCallAttemptTimeout()).isEqualTo(DynamoDbSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
        assertThat(dynamoDb.maxRetries()).isEqualTo(DynamoDbSettings.DEFAULT_MAX_RETRIES);
    }

    @Test
    void readWhenHttpAndNoRegionThenRefusedNamingAwsRegion() {
        Map<String, String> env = minimal();
        env.remove("AWS_REGION");
        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_REGION ");

        env.put("AWS_REGION", "  ");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("AWS_REGION ");
    }

    @Test
    void readWhenOnlyAwsDefaultRegionThenUsedAndAwsRegionWinsWhenBothSet() {
        Map<String, String> env = minimal();
        env.remove("AWS_REGION");
        env.put("AWS_DEFAULT_REGION", "ap-southeast-2");

        DynamoDbSettings fallback = SettingsReader.read(env).dynamoDb();
        assertThat(fallback.region()).isEqualTo("ap-southeast-2");
        assertThat(fallback.endpoint()).isNull();

        env.put("AWS_REGION", "eu-central-1");
        assertThat(SettingsReader.read(env).dynamoDb().region()).isEqualTo("eu-central-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1.evil.com", "EU-WEST-1", "Eu-west-1", "eu-west-1/", "eu-west-1:443",
            "eu_west_1", "eu west 1", "euwest1", "-eu-west-1", "eu-west-1-", "eu--west-1", "evil.com#eu-west-1",
            "eu-west-1\u00e9", "user@eu-west-1"})
    void readWhenRegionHasCharactersNoRegionHasThenRefused(String region) {
        Map<String, String> env = minimal();
        env.put("AWS_REGION", region);
        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_REGION is not an AWS region name");

        env.remove("AWS_REGION");
        env.put("AWS_DEFAULT_REGION", region);
        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_DEFAULT_REGION is not an AWS region name");
    }

    @Test
    void readWhenServiceAndGlobalEndpointSetThenServiceSpecificWins() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        assertThat(SettingsReader.read(env).dynamoDb().endpoint()).isEqualTo(URI.create("http://localhost:4566"));

        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
        DynamoDbSettings dynamoDb = SettingsReader.read(env).dynamoDb();
        assertThat(dynamoDb.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(dynamoDb.region()).as("still signs for the region").isEqualTo("eu-west-1");
    }

    @Test
    void readWhenIgnoreConfiguredEndpointUrlsThenRegionalEndpointAndExplicitOnesNotEvenValidated() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "ftp://not-even-valid/path");
        env.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE");
        assertThat(SettingsReader.read(env).dynamoDb().endpoint()).isNull();

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("AWS_ENDPOINT_URL_DYNAMODB ");

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "yes");
        assertThatThrownBy(() -> SettingsReader.read(env))
                .hasMessageStartingWith("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})
    void readWhenExplicitEndpointHasPathQueryUserOrOtherSchemeThenRefusedNamingIt(String name) {
        for (String bad : new String[] {"https://dynamodb.example.com/prefix", "https://dynamodb.example.com/?x=1",
                "https://dynamodb.example.com/#f", "https://user:secret@dynamodb.example.com",
                "https://user@dynamodb.example.com", "ftp://dynamodb.example.com", "file:///etc/passwd",
                "dynamodb.example.com", "localhost:8000", "https:///", "https://dynamodb.example.com:8000/a b",
                "ws://127.0.0.1:8000"}) {
            Map<String, String> env = minimal();
            env.put(name, bad);
            assertThatThrownBy(() -> SettingsReader.read(env)).as(bad).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(name + " ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8000", "http://localhost:8000",
            "https://dynamodb.eu-west-1.amazonaws.com", "https://dynamodb.eu-west-1.amazonaws.com/",
            "HTTPS://vpce-1a2b.dynamodb.eu-west-1.vpce.amazonaws.com", "http://[::1]:8000"})
    void readWhenExplicitEndpointHttpOrHttpsWithHostThenUsedAsGiven(String endpoint) {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);

        assertThat(SettingsReader.read(env).dynamoDb().endpoint()).isEqualTo(URI.create(endpoint));
    }

    @Test
    void readWhenPlainHttpEndpointOffLoopbackThenRefusedUnlessAllowedExplicitly() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://host.docker.internal:8000");
        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL_DYNAMODB must use https");

        env.put("TOLLGATE_DYNAMODB_ALLOW_PLAIN_HTTP", "true");
        assertThat(SettingsReader.read(env).dynamoDb().endpoint()).isEqualTo(URI.create("http://host.docker.internal:8000"));
    }

    @Test
    void readWhenFipsOnlyAsSystemPropertyThenRefused() {
        String previous = System.setProperty("aws.useFipsEndpoint", "true");
        try {
            assertThatThrownBy(() -> SettingsReader.read(minimal())).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("aws.useFipsEndpoint is a system property tollgate does not read");
        } finally {
            if (previous == null) {
                System.clearProperty("aws.useFipsEndpoint");
            } else {
                System.setProperty("aws.useFipsEndpoint", previous);
            }
        }
    }

    @Test
    void readWhenFipsFlagInvalidThenRefusedNamingIt() {
        Map<String, String> env = minimal();
        env.put("AWS_USE_FIPS_ENDPOINT", "1");
        assertThatThrownBy(() -> SettingsReader.read(env)).hasMessageStartingWith("AWS_USE_FIPS_ENDPOINT must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"})
    void readWhenFipsAndExplicitEndpointThenRefusedAsTheSdkDoes(String name) {
        Map<String, String> env = minimal();
        env.put("AWS_USE_FIPS_ENDPOINT", "true");
        env.put(name, "https://dynamodb.example.com");

        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_USE_FIPS_ENDPOINT cannot be combined with " + name);

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(SettingsReader.read(env).dynamoDb().endpoint()).isNull();
        assertThat(SettingsReader.read(env).dynamoDb().fips()).isTrue();
    }

    @Test
    void readWhenDualStackThenTheDualStackEndpointAndRefusedWithAnExplicitOne() {
        Map<String, String> env = minimal();
        env.put("AWS_USE_DUALSTACK_ENDPOINT", "true");
        DynamoDbSettings dynamoDb = SettingsReader.read(env).dynamoDb();
        assertThat(dynamoDb.dualStack()).isTrue();
        assertThat(dynamoDb.endpoint()).isNull();

        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
        assertThatThrownBy(() -> SettingsReader.read(env)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("AWS_USE_DUALSTACK_ENDPOINT cannot be combined with AWS_ENDPOINT_URL_DYNAMODB");

        env.put("AWS_USE_DUALSTACK_ENDPOINT", "false");
        assertThat(SettingsReader.read(env).dynamoDb().endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
    }
}
