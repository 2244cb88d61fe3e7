/**
 * SnapStart and priming: the org.crac hooks, and the priming that warms the request path before a
 * checkpoint, or at the end of an init that runs ahead of traffic with no snapshot to follow (Lambda
 * Managed Instances, provisioned concurrency), with disposable components built by constructors over
 * canned or in-process parts (pre-signed tokens, a TLS responder on loopback). Nothing here runs on a
 * request.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.snapstart;
