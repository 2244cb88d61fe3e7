/**
 * Warm-path microbenchmarks (JMH): a decision through the real handler, policy serialisation, the
 * JDK's bare RSA check. Parameters and results are non-null unless marked.
 */
package dev.tollgate.bench.jmh;
