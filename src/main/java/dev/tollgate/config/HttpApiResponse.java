package dev.tollgate.config;

/** Shape of the answer to HTTP API payload 2.0 events. */
public enum HttpApiResponse { SIMPLE, IAM }
