/**
 * What tollgate's two HTTP clients (the JWKS fetch and the DynamoDB transport, both on the JDK's
 * {@code HttpURLConnection}) share: a whole-exchange deadline. Nothing here knows JWKS or DynamoDB.
 */
package dev.tollgate.net;
