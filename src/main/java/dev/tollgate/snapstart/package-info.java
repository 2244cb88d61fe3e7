/**
 * SnapStart and priming: warms the request path before a checkpoint with components built by
 * constructors over canned or loopback parts; nothing here runs on a request.
 *
 * <p>Parameters and return values are non-null unless documented otherwise.
 */
package dev.tollgate.snapstart;
