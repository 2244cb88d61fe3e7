/**
 * Results of a run: statistics, the Markdown table, JSON with every sample, the SVG chart and the
 * folder's timestamp. Parameters and results are non-null unless marked.
 */
package dev.tollgate.bench.report;
