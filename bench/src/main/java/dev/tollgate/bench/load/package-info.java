/**
 * Sustained in-process load: the real handler called back to back by N threads, latency histogram,
 * memory sampled every second. Parameters and results are non-null unless marked.
 */
package dev.tollgate.bench.load;
