/**
 * tollgate, an AWS Lambda authorizer for Amazon API Gateway. {@link dev.tollgate.Authorizer} is the
 * use case: a bearer credential and a route in, a {@code Decision} out; it imports no AWS type.
 */
package dev.tollgate;
