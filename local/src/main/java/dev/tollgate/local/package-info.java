/**
 * The local stack behind {@code ./tollgate local} and {@code ./tollgate invoke}: the development
 * issuer, dynalite seeded from a file, tollgate under the real Lambda runtime interface client, and
 * a local stand-in for API Gateway (a REST API with a REQUEST or TOKEN authorizer, or an HTTP API
 * with payload 2.0 simple or IAM responses or payload 1.0; result cache, policy evaluation) in
 * front of a demo backend. LOCAL DEVELOPMENT ONLY. Parameters and results are non-null unless
 * marked.
 */
package dev.tollgate.local;
