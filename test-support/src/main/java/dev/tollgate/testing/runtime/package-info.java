/**
 * Lambda as a function sees it, on loopback: the Runtime API ({@link LocalRuntimeApi}) and the
 * process that runs a function under the real runtime interface client with Lambda's environment
 * ({@link FunctionProcess}). JDK only; used by the local stack and the benchmark. Parameters and
 * results are non-null unless marked.
 */
package dev.tollgate.testing.runtime;
