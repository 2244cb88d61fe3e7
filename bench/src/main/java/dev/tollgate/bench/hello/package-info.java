/**
 * The hello-world baseline handler, built into its own tiny jar. Parameters and results are non-
 * null unless marked.
 */
package dev.tollgate.bench.hello;
