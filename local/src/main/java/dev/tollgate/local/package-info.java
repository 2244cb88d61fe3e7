/**
 * The local stack behind {@code ./tollgate local} and {@code ./tollgate invoke}: the development
 * issuer, dynalite seeded from a file, tollgate under the real Lambda runtime interface client, and
 * a local stand-in for API Gateway (REST API, REQUEST authorizer, result cache, policy evaluation)
 * in front of a demo backend. LOCAL DEVELOPMENT ONLY. Parameters and results are non-null unless
 * marked.
 */
package dev.tollgate.local;
