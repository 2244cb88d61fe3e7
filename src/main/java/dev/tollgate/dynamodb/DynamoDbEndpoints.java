package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import java.net.URI;
import software.amazon.awssdk.regions.EndpointTag;
import software.amazon.awssdk.regions.GeneratedPartitionMetadataProvider;
import software.amazon.awssdk.regions.PartitionEndpointKey;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Where DynamoDB requests go: the explicit endpoint when one is configured, else DynamoDB's regional
 * endpoint as the AWS SDK's endpoint rules for DynamoDB resolve it:
 * {@code https://dynamodb[-fips].<region>.<DNS suffix>}, the suffix being the partition's
 * ({@code amazonaws.com}, {@code amazonaws.com.cn}, ...) or, dual-stack, its dual-stack suffix
 * ({@code api.aws}, {@code api.amazonwebservices.com.cn}, ...). A test holds every partition to
 * the SDK's {@code DynamoDbEndpointProvider}.
 *
 * <p>The suffixes come from the SDK's partition metadata, so every partition the SDK knows (and
 * every one it learns in an update) resolves as the SDK resolves it. The provider is called
 * directly, not through {@code PartitionMetadata.of}: that entry point first loads the metadata of
 * every AWS service (~480 classes, ~250 ms of a cold start measured here); the provider alone costs
 * ~20-30 ms (bench/README.md, "Levers, each measured under TLS"). The SDK's endpoint rules
 * themselves would load the whole generated client.
 */
final class DynamoDbEndpoints {
    private static final PartitionEndpointKey DUAL_STACK =
            PartitionEndpointKey.builder().tags(EndpointTag.DUALSTACK).build();

    private DynamoDbEndpoints() {}

    /**
     * @param settings the region, and the explicit endpoint or the FIPS and dual-stack choices
     * @return the endpoint; never null
     */
    static URI of(DynamoDbSettings settings) {
        if (settings.endpoint() != null) {
            return settings.endpoint();
        }
        String region = settings.region();
        PartitionMetadata partition = new GeneratedPartitionMetadataProvider().partitionMetadata(Region.of(region));
        String suffix = settings.dualStack() ? partition.dnsSuffix(DUAL_STACK) : partition.dnsSuffix();
        // GovCloud's regional IPv4 endpoints are its FIPS endpoints: there is no dynamodb-fips host
        // there, except among the dual-stack ones.
        boolean fipsHost = settings.fips() && (settings.dualStack() || !region.startsWith("us-gov-"));
        return URI.create("https://" + (fipsHost ? "dynamodb-fips." : "dynamodb.") + region + "." + suffix);
    }
}
