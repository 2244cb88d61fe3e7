/**
 * The Lambda edge: reads API Gateway authorizer events, writes their responses, wires the components
 * at init, and holds the SnapStart hooks and their priming. Nothing here decides.
 */
package dev.tollgate.lambda;
