/**
 * Observability: JSON log lines (each decision line also a CloudWatch EMF document) and counters.
 */
package dev.tollgate.observe;
