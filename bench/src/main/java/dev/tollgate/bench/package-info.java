/**
 * The benchmark's command line (bench/run): picks the cold-start, AWS, or load mode and writes the
 * results folder. Parameters and results are non-null unless marked.
 */
package dev.tollgate.bench;
