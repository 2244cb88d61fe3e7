/**
 * Test fixtures that know nothing of tollgate's own types: keys and tokens (TestKeys, TestTokens,
 * SigningKey, the LOCAL-ONLY DevKey), TLS material (TestTls, with Certificates and Pem), a
 * hand-moved clock, golden files, and real servers on loopback (the issuer, dynalite, scripted DynamoDB, TCP relays and proxies).
 * Shared by the function's tests, the local stack and the benchmark. Parameters and results are
 * non-null unless marked.
 */
package dev.tollgate.testing;
