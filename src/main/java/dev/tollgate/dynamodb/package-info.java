/**
 * The DynamoDB edge: {@code DynamoDbPermissionStore} reads principals and roles over one of two
 * transports, tollgate's signed HTTPS ({@code HttpTableReads}, {@code SigV4Signer}) or the SDK's
 * {@code DynamoDbClient}. Hand-written parts stay only where they measure at least 50 ms of cold
 * start under TLS: the transport (520 ms) and the signer (65-75 ms); endpoints come from the SDK's
 * partition metadata (bench/README.md).
 */
package dev.tollgate.dynamodb;
