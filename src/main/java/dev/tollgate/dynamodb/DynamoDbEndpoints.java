package dev.tollgate.dynamodb;

import dev.tollgate.config.DynamoDbSettings;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.GeneratedPartitionMetadataProvider;

/**
 * Where the HTTP transport sends its requests: the explicit endpoint when one is configured, else
 * DynamoDB's regional endpoint {@code https://dynamodb[-fips].<region>.<partition DNS suffix>}.
 *
 * <p>The DNS suffix comes from the AWS SDK's partition metadata, so every partition the SDK knows
 * (and every one it learns in an update) resolves as the SDK resolves it. The provider is called
 * directly, not through {@code PartitionMetadata.of}: that entry point first loads the metadata of
 * every AWS service (~480 classes, ~250 ms of a cold start measured here); the provider alone costs
 * ~20-30 ms (bench/README.md, "The transport and hand-written code").
 */
final class DynamoDbEndpoints {
    private DynamoDbEndpoints() {}

    /** @param settings the HTTP transport's settings (region set) */
    static URI of(DynamoDbSettings settings) {
        if (settings.endpoint() != null) {
            return settings.endpoint();
        }
        String region = settings.region();
        String suffix = new GeneratedPartitionMetadataProvider().partitionMetadata(Region.of(region)).dnsSuffix();
        // GovCloud's regional DynamoDB endpoints are its FIPS endpoints: there is no dynamodb-fips host.
        boolean fipsHost = settings.fips() && !region.startsWith("us-gov-");
        return URI.create("https://" + (fipsHost ? "dynamodb-fips." : "dynamodb.") + region + "." + suffix);
    }
}
