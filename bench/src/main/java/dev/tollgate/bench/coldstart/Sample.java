package dev.tollgate.bench.coldstart;

import java.util.List;

/**
 * One cold sample: one fresh JVM. Durations in milliseconds, memory in KiB; NaN or -1 when not
 * measured. {@code error} is null for a good sample.
 */
public record Sample(
        String mode,
        int index,
        double coldStartMs,
        double initMs,
        double restoreMs,
        double firstInvokeMs,
        List<Double> warmMs,
        List<Double> cacheHitMs,
        long peakRssFirstKb,
        long peakRssEndKb,
        String firstResponse,
        String error) {

    public boolean ok() {
        return error == null;
    }

    public static Sample failed(String mode, int index, String error) {
        return new Sample(mode, index, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), List.of(),
                -1, -1, null, error);
    }
}
