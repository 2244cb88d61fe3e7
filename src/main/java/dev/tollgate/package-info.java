/**
 * tollgate, an AWS Lambda authorizer for Amazon API Gateway. {@link dev.tollgate.Authorizer} is the
 * use case: a bearer credential and a route in, a {@code Decision} out; it imports no AWS type.
 * {@link dev.tollgate.DependencyFailureException} is what its ports throw when tollgate cannot decide.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate;
