/**
 * Observability primitives: JSON log lines, counters, and the per-request trace of cache outcomes.
 * It knows no decision, token or permission type.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.observe;
