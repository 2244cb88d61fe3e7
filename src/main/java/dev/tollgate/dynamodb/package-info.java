/**
 * The DynamoDB edge: {@code DynamoDbPermissionStore} reads principals and roles with GetItem and
 * BatchGetItem as DynamoDB's JSON protocol over HTTPS, signed with SigV4.
 *
 * <p>Why hand-written code instead of the AWS SDK's {@code DynamoDbClient}: on the project's
 * machine, both dependencies over TLS, the whole function reaches its first response in 882 ms,
 * and the same function over the SDK's client in 1,402 ms (2,811 against 4,386 classes; the
 * recorded run in {@code bench/docs/results.md}, {@code bench/run --samples 15 --warm 10
 * --cache-hits 10}); the SDK's client alone, built and one GetItem sent in a fresh JVM, takes
 * 1,135 ms ({@code bench/run --http-clients 9}). The own SigV4 signer ({@code SigV4Signer})
 * against the SDK's {@code AwsV4HttpSigner}: signing the first request takes 5.9 against 80.0 ms
 * (JDK 17), 3.5 against 74.2 ms with tollgate's init work done first (fresh JVMs with the
 * function's flags, 20 interleaved rounds): 65-75 ms saved. Both clear the rule that hand-written
 * code duplicating a well-kept library stays only where it buys at least 50 ms (bench/README.md,
 * "Levers, each measured under TLS"). What the SDK does cheaply stays the SDK's: credentials
 * ({@code DynamoDbCredentials}) and partition metadata ({@code DynamoDbEndpoints}).
 *
 * <p>The parts, by role: {@code HttpTableReads} (the two reads: sign, send, check), {@code
 * DynamoDbJson} (request and response documents), {@code RetryPolicy} (budget, attempts, jittered
 * backoff), {@code DynamoDbExchange} and {@code UrlConnectionExchange} (the network),
 * {@code PermissionItems} (items to permissions, fail-closed).
 *
 * <p>Parameters and return values are non-null unless documented otherwise.
 */
package dev.tollgate.dynamodb;
