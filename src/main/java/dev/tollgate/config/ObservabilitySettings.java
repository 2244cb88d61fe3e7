package dev.tollgate.config;

import java.util.Objects;

/**
 * What tollgate says about its work.
 *
 * @param logLevel minimum level of tollgate's own log lines ({@code AWS_LAMBDA_LOG_LEVEL}, default
 *                 {@link LogLevel#INFO})
 * @param metrics  make every decision line a CloudWatch EMF document, adding ~600 bytes a line
 *                 ({@code TOLLGATE_METRICS}, default true)
 */
public record ObservabilitySettings(LogLevel logLevel, boolean metrics) {

    /** INFO, metrics on. */
    public static final ObservabilitySettings DEFAULTS = new ObservabilitySettings(LogLevel.INFO, true);

    /** @throws NullPointerException for a null level */
    public ObservabilitySettings {
        Objects.requireNonNull(logLevel, "logLevel");
    }
}
