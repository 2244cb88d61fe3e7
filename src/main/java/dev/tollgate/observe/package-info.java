/**
 * Observability: JSON log lines, the decision line (also a CloudWatch EMF document), counters, and
 * the per-request trace of cache outcomes the decision line reports.
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.observe;
