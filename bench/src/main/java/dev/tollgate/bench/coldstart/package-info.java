/**
 * The local cold-start benchmark: fresh JVMs under the real runtime client against a loopback
 * issuer and dynalite over TLS (HarnessTls), modes interleaved, hello and the Node.js peer as
 * baselines. Parameters and results are non-null unless marked.
 */
package dev.tollgate.bench.coldstart;
