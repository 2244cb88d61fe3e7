package dev.tollgate.bench.load;

/**
 * A log-linear histogram of non-negative durations in nanoseconds, in the manner of HdrHistogram:
 * each power of two is split into {@code 2^precisionBits} equal buckets, so a recorded value is
 * known to within a relative error of {@code 2^-precisionBits} (7 bits: under 0.8 %).
 *
 * <p>Values above {@link #MAX_TRACKABLE_NANOS} (about 137 s) are counted in the last bucket; the
 * exact maximum is kept separately. Not thread-safe: each worker records into its own histogram
 * and they are merged with {@link #add}. Reads from another thread while recording (progress lines)
 * may be slightly stale, never corrupt (each count is one aligned {@code long}).
 */
public final class LatencyHistogram {
    /** Largest value kept in its own bucket: 2^37 - 1 ns, about 137 s. */
    public static final long MAX_TRACKABLE_NANOS = (1L << 37) - 1;

    private final int bits;
    private final int subBuckets;
    private final long[] counts;
    private long total;
    private long max;
    private long min = Long.MAX_VALUE;
    private double sum;

    /** @param precisionBits 1..12; 7 is within 0.8 % */
    public LatencyHistogram(int precisionBits) {
        if (precisionBits < 1 || precisionBits > 12) {
            throw new IllegalArgumentException("precisionBits must be 1..12");
        }
        this.bits = precisionBits;
        this.subBuckets = 1 << precisionBits;
        this.counts = new long[index(MAX_TRACKABLE_NANOS) + 1];
    }

    /** Bucket of {@code value}: exact below {@code 2^(bits+1)}, then {@code 2^bits} buckets per power of two. */
    int index(long value) {
        long v = Math.min(Math.max(value, 0), MAX_TRACKABLE_NANOS);
        if (v < 2L * subBuckets) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - bits;
        return 2 * subBuckets + (shift - 1) * subBuckets + (int) ((v >>> shift) - subBuckets);
    }

    /** The largest value that falls into bucket {@code index}. */
    long highestValueAt(int index) {
        if (index < 2 * subBuckets) {
            return index;
        }
        int shift = (index - 2 * subBuckets) / subBuckets + 1;
        long sub = (index - 2 * subBuckets) % subBuckets + subBuckets;
        return ((sub + 1) << shift) - 1;
    }

    /** Records one duration in nanoseconds (negative values count as 0). */
    public void record(long nanos) {
        counts[index(nanos)]++;
        total++;
        sum += nanos;
        if (nanos > max) {
            max = nanos;
        }
        if (nanos < min) {
            min = nanos;
        }
    }

    /** Adds every count of {@code other} (same precision) to this one. */
    public void add(LatencyHistogram other) {
        if (other.bits != bits) {
            throw new IllegalArgumentException("precision differs");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
        min = Math.min(min, other.min);
    }

    public long count() {
        return total;
    }

    /** Exact maximum recorded, ns; 0 when empty. */
    public long max() {
        return max;
    }

    /** Exact minimum recorded, ns; 0 when empty. */
    public long min() {
        return total == 0 ? 0 : min;
    }

    public double mean() {
        return total == 0 ? Double.NaN : sum / total;
    }

    /**
     * Nearest-rank percentile in ns: the upper bound of the bucket holding the value of rank
     * {@code ceil(p/100 * count)}, never above the exact maximum; 0 when empty.
     *
     * @param percentile 0..100
     */
    public long percentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestValueAt(i), max);
            }
        }
        return max;
    }
}
