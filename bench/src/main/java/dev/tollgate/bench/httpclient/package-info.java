/**
 * A start-up comparison of the SDK's HTTP clients (url-connection, AWS CRT) against dynalite over
 * TLS; never part of the function. Parameters and results are non-null unless marked.
 */
package dev.tollgate.bench.httpclient;
