/**
 * Configuration: {@link dev.tollgate.config.SettingsReader} reads the process environment once at
 * init, validates it and hands out one small immutable record per concern (verifier, authorizer,
 * permissions, DynamoDB, edge, observability, runtime), gathered in
 * {@link dev.tollgate.config.Settings}. The only place that reads the environment; no AWS type.
 *
 * <p>Record components, parameters and results are non-null unless their Javadoc says null; the
 * records' constructors check their own invariants, so settings built in code (tests, priming) are
 * as valid as those read from the environment.
 */
package dev.tollgate.config;
