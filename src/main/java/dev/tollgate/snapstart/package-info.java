/**
 * SnapStart and priming: the org.crac hooks, and the priming that warms the request path before a
 * checkpoint with disposable components built by constructors over canned or in-process parts
 * (pre-signed tokens, a TLS responder on loopback). Nothing here runs on a request.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.snapstart;
