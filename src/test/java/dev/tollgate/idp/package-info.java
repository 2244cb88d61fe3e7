/**
 * Integration tests against real identity-provider servers, not only the project's loopback
 * issuer: Keycloak (its Quarkus server distribution, development mode) and node oidc-provider,
 * both over HTTPS with a test CA that the function trusts the production way (the JVM's default
 * trust). Discovery, client-credentials tokens, key rotation while warm, two issuers at once,
 * expired and wrong-audience tokens; in process through the real handler, and once under the real
 * Lambda runtime interface client. The servers start once per test JVM ({@link
 * dev.tollgate.idp.SharedProviders}). Parameters and results are non-null unless marked.
 */
package dev.tollgate.idp;
