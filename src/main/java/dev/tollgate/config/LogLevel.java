package dev.tollgate.config;

/** Log levels, ordered; names follow {@code AWS_LAMBDA_LOG_LEVEL}. */
public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR, FATAL }
