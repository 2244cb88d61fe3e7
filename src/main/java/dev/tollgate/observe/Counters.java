package dev.tollgate.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns cumulative counters (JWKS fetches, cache hits, ...) into the increments since the last
 * report, so each decision's metrics line carries only what happened since the previous one and
 * CloudWatch's sums are exact. Thread-safe.
 */
public final class Counters {
    private final Map<String, LongSupplier> sources = new LinkedHashMap<>();
    private final Map<String, Long> reported = new LinkedHashMap<>();

    /** Registers a cumulative counter under a metric name (at init, before any report). */
    public Counters add(String metric, LongSupplier cumulative) {
        sources.put(metric, cumulative);
        reported.put(metric, 0L);
        return this;
    }

    /** The increments since the previous call, by metric name. */
    public synchronized Map<String, Long> increments() {
        Map<String, Long> increments = new LinkedHashMap<>();
        for (Map.Entry<String, LongSupplier> source : sources.entrySet()) {
            long now = source.getValue().getAsLong();
            increments.put(source.getKey(), now - reported.put(source.getKey(), now));
        }
        return increments;
    }

    /** Metric names, in registration order. */
    public Iterable<String> names() {
        return sources.keySet();
    }
}
