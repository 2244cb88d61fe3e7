/**
 * The wiring: builds the production components once at init with plain constructors (the token
 * verifier, the permission cache over DynamoDB, the decision log) and starts what may overlap
 * (the DynamoDB transport on a second thread, the issuers' keys on the first).
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.wiring;
