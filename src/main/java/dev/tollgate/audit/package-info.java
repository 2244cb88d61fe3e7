/**
 * The decision log: one structured line per decision or failed request, which is both the audit
 * trail (who, which route, which outcome and reason; never the token) and, as a CloudWatch
 * Embedded Metric Format document, tollgate's metrics.
 *
 * <p>Parameters are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.audit;
