/**
 * AWS mode: forces cold starts of a deployed function (SDK v2 Lambda client), reads its REPORT
 * lines and groups first-after-publish and later restores. Parameters and results are non-null
 * unless marked.
 */
package dev.tollgate.bench.aws;
