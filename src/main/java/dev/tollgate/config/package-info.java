/**
 * Settings: the process environment read once, validated, into one record. The only place that
 * reads the environment; no AWS type.
 */
package dev.tollgate.config;
