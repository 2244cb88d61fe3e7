package dev.tollgate.bench.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Order statistics of one figure over samples (nearest-rank percentiles, so every reported value
 * was really observed; with fewer than 100 samples p99 is the maximum).
 */
public record Stats(int n, double min, double p50, double p90, double p99, double max, double mean) {

    public static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Stats of(Collection<Double> values) {
        double[] v = values.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return EMPTY;
        }
        Arrays.sort(v);
        return new Stats(v.length, v[0], rank(v, 50), rank(v, 90), rank(v, 99), v[v.length - 1],
                Arrays.stream(v).average().orElse(Double.NaN));
    }

    static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public boolean isEmpty() {
        return n == 0;
    }
}
