/**
 * What tollgate's two HTTP clients (the JWKS fetch and the DynamoDB transport, both on the JDK's
 * {@code HttpURLConnection}) and the configuration share: a whole-exchange deadline, the thread
 * pool exchanges run on, and the loopback-host check that decides where plain http is allowed.
 * Nothing here knows JWKS or DynamoDB.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.net;
