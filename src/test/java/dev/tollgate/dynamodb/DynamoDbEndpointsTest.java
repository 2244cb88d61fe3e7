package dev.tollgate.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.SettingsReader;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;

/** DynamoDB's endpoint: explicit, or the regional one from the SDK's partition metadata, held to the SDK's rules. */
class DynamoDbEndpointsTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("TOLLGATE_ISSUER", "https://issuer.example.com");
        env.put("TOLLGATE_AUDIENCE", "api");
        env.put("TOLLGATE_PERMISSIONS_TABLE", "perms");
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @ParameterizedTest
    @CsvSource({
            "us-east-1,        false, false, https://dynamodb.us-east-1.amazonaws.com",
            "eu-west-1,        false, false, https://dynamodb.eu-west-1.amazonaws.com",
            "cn-north-1,       false, false, https://dynamodb.cn-north-1.amazonaws.com.cn",
            "cn-northwest-1,   false, false, https://dynamodb.cn-northwest-1.amazonaws.com.cn",
            "us-gov-west-1,    false, false, https://dynamodb.us-gov-west-1.amazonaws.com",
            "us-iso-east-1,    false, false, https://dynamodb.us-iso-east-1.c2s.ic.gov",
            "us-isob-east-1,   false, false, https://dynamodb.us-isob-east-1.sc2s.sgov.gov",
            "eu-isoe-west-1,   false, false, https://dynamodb.eu-isoe-west-1.cloud.adc-e.uk",
            "us-isof-south-1,  false, false, https://dynamodb.us-isof-south-1.csp.hci.ic.gov",
            "eusc-de-east-1,   false, false, https://dynamodb.eusc-de-east-1.amazonaws.eu",
            "us-east-1,        true,  false, https://dynamodb-fips.us-east-1.amazonaws.com",
            "ca-central-1,     true,  false, https://dynamodb-fips.ca-central-1.amazonaws.com",
            "cn-north-1,       true,  false, https://dynamodb-fips.cn-north-1.amazonaws.com.cn",
            // GovCloud's regional IPv4 endpoints are its FIPS endpoints (there is no dynamodb-fips host there).
            "us-gov-west-1,    true,  false, https://dynamodb.us-gov-west-1.amazonaws.com",
            "us-gov-east-1,    true,  false, https://dynamodb.us-gov-east-1.amazonaws.com",
            "us-iso-east-1,    true,  false, https://dynamodb-fips.us-iso-east-1.c2s.ic.gov",
            "us-isob-east-1,   true,  false, https://dynamodb-fips.us-isob-east-1.sc2s.sgov.gov",
            "eu-isoe-west-1,   true,  false, https://dynamodb-fips.eu-isoe-west-1.cloud.adc-e.uk",
            "us-isof-south-1,  true,  false, https://dynamodb-fips.us-isof-south-1.csp.hci.ic.gov",
            "us-east-1,        false, true,  https://dynamodb.us-east-1.api.aws",
            "eu-west-1,        true,  true,  https://dynamodb-fips.eu-west-1.api.aws",
            "cn-north-1,       false, true,  https://dynamodb.cn-north-1.api.amazonwebservices.com.cn",
            "cn-northwest-1,   true,  true,  https://dynamodb-fips.cn-northwest-1.api.amazonwebservices.com.cn",
            // Dual-stack: GovCloud has dynamodb-fips hosts.
            "us-gov-west-1,    false, true,  https://dynamodb.us-gov-west-1.api.aws",
            "us-gov-east-1,    true,  true,  https://dynamodb-fips.us-gov-east-1.api.aws",
            "us-iso-east-1,    false, true,  https://dynamodb.us-iso-east-1.api.aws.ic.gov",
            "us-isob-east-1,   true,  true,  https://dynamodb-fips.us-isob-east-1.api.aws.scloud",
            "eu-isoe-west-1,   false, true,  https://dynamodb.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
            "us-isof-south-1,  true,  true,  https://dynamodb-fips.us-isof-south-1.api.aws.hci.ic.gov",
            "eusc-de-east-1,   false, true,  https://dynamodb.eusc-de-east-1.api.amazonwebservices.eu",
    })
    void ofWhenNoExplicitEndpointThenRegionalEndpointOfThePartitionAsTheSdkResolvesIt(
            String region, boolean fips, boolean dualStack, String expected) {
        Map<String, String> env = minimal();
        env.put("AWS_REGION", region);
        env.put("AWS_USE_FIPS_ENDPOINT", Boolean.toString(fips));
        env.put("AWS_USE_DUALSTACK_ENDPOINT", Boolean.toString(dualStack));

        URI endpoint = DynamoDbEndpoints.of(SettingsReader.read(env).dynamoDb());

        assertThat(endpoint).isEqualTo(URI.create(expected));
        // The reference: the SDK's own endpoint rules for DynamoDB agree.
        assertThat(endpoint).isEqualTo(DynamoDbEndpointProvider.defaultProvider().resolveEndpoint(
                DynamoDbEndpointParams.builder().region(Region.of(region)).useFips(fips).useDualStack(dualStack).build())
                .join().url());
    }

    @ParameterizedTest
    @CsvSource({"true, false", "false, true"})
    void sdkRulesWhenFipsOrDualStackWithExplicitEndpointThenRefusedAsSettingsDo(boolean fips, boolean dualStack) {
        // Settings refuses these combinations; the SDK's rules are the reason.
        assertThatThrownBy(() -> DynamoDbEndpointProvider.defaultProvider().resolveEndpoint(
                DynamoDbEndpointParams.builder().region(Region.of("eu-west-1")).endpoint("https://dynamodb.example.com")
                        .useFips(fips).useDualStack(dualStack).build()).join())
                .hasMessageContaining("custom endpoint are not supported");
    }

    @Test
    void ofWhenExplicitEndpointThenThatOne() {
        Map<String, String> env = minimal();
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
        assertThat(DynamoDbEndpoints.of(SettingsReader.read(env).dynamoDb())).isEqualTo(URI.create("http://127.0.0.1:8000"));
    }
}
