/**
 * The Lambda edge: reads API Gateway authorizer events (REST TOKEN and REQUEST, HTTP API 1.0 and
 * 2.0) and writes the response each shape calls for. Nothing here decides or wires, except that
 * the handler registers the SnapStart hooks, which need the handler's own type to build priming
 * handlers.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.lambda;
