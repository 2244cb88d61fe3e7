package dev.tollgate.bench.load;

import dev.tollgate.lambda.AuthorizerHandler;
import dev.tollgate.lambda.UnauthorizedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One phase of a sustained-load run: {@code threads} workers call the handler back to back (closed
 * loop, no think time) with events drawn at random from a {@link TrafficMix}, for a warm-up and then
 * a measured window, both bounded in time. The calling thread samples memory, GC and throughput once
 * a second and prints a progress line.
 *
 * <p>Latency is {@code System.nanoTime()} around {@code handleRequest} (event bytes in, response
 * out, decision log line written). Closed loop: a stall delays the following requests instead of
 * queuing them, so the percentiles are service times, not what an open-loop client would see
 * (no coordinated-omission correction).
 */
final class LoadRun {
    /** Latency precision of the whole-phase histogram (within 0.8 %) and of the per-second ones (3 %). */
    private static final int PRECISION_BITS = 7;
    private static final int PER_SECOND_PRECISION_BITS = 5;
    private static final int MAX_ERROR_SAMPLES = 10;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final AuthorizerHandler handler;
    private final TrafficMix mix;
    private final CountingLog log;
    private final MemoryProbe probe = new MemoryProbe();
    private final PrintStream progress;

    LoadRun(AuthorizerHandler handler, TrafficMix mix, CountingLog log, PrintStream progress) {
        this.handler = handler;
        this.mix = mix;
        this.log = log;
        this.progress = progress;
    }

    /** Runs one phase; returns after warm-up plus duration (and the workers' last requests). */
    LoadReport.Phase run(int threads, Duration warmup, Duration duration, long seed) throws InterruptedException {
        int seconds = (int) Math.max(1, (duration.toNanos() + SECOND_NANOS - 1) / SECOND_NANOS);
        long begin = System.nanoTime();
        long measureStart = begin + warmup.toNanos();
        long measureEnd = measureStart + duration.toNanos();
        List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
        Worker[] workers = new Worker[threads];
        Thread[] running = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(seed + i, measureStart, measureEnd, seconds, errorSamples);
            running[i] = new Thread(workers[i], "load-" + threads + "-" + i);
            running[i].start();
        }
        progress.printf(Locale.ROOT, "load: %d thread(s), warm-up %d s, then %d s measured%n", threads,
                warmup.toSeconds(), seconds);

        sleepUntil(measureStart);
        MemoryProbe.Reading start = probe.read();
        long logBytesStart = log.bytes();
        long logLinesStart = log.lines();
        List<LoadReport.Sample> samples = new ArrayList<>();
        for (int k = 1; k <= seconds; k++) {
            sleepUntil(Math.min(measureStart + k * SECOND_NANOS, measureEnd));
            MemoryProbe.Reading r = probe.read();
            LatencyHistogram second = new LatencyHistogram(PER_SECOND_PRECISION_BITS);
            for (Worker w : workers) {
                second.add(w.perSecond[k - 1]); // racy but monotonic: exact figures are recomputed below
            }
            LoadReport.Sample sample = LoadReport.Sample.of(k, second, r, start);
            samples.add(sample);
            progress.println(sample.progressLine(threads));
        }
        MemoryProbe.Reading end = probe.read();
        long logBytes = log.bytes() - logBytesStart;
        long logLines = log.lines() - logLinesStart;
        for (Thread t : running) {
            t.join();
        }

        LatencyHistogram total = new LatencyHistogram(PRECISION_BITS);
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0L);
        }
        long mismatches = 0;
        long errors = 0;
        for (Worker w : workers) {
            total.add(w.total);
            for (Outcome o : Outcome.values()) {
                outcomes.merge(o, w.outcomes[o.ordinal()], Long::sum);
            }
            mismatches += w.mismatches;
            errors += w.errors;
        }
        // Exact per-second figures now that the workers are done.
        for (int k = 1; k <= samples.size(); k++) {
            LatencyHistogram second = new LatencyHistogram(PER_SECOND_PRECISION_BITS);
            for (Worker w : workers) {
                second.add(w.perSecond[k - 1]);
            }
            samples.set(k - 1, samples.get(k - 1).withLatency(second));
        }
        double wallSeconds = duration.toNanos() / 1e9;
        double cpuSeconds = end.processCpuNanos() < 0 ? Double.NaN
                : (end.processCpuNanos() - start.processCpuNanos()) / 1e9;
        return LoadReport.Phase.of(threads, Runtime.getRuntime().availableProcessors(), warmup, wallSeconds,
                cpuSeconds, total, outcomes, mismatches, errors, List.copyOf(errorSamples), logBytes, logLines,
                end.gcCount() - start.gcCount(), end.gcTimeMs() - start.gcTimeMs(), samples);
    }

    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** One load thread; its figures are read after it ends (and, racily, for progress lines). */
    private final class Worker implements Runnable {
        final LatencyHistogram total = new LatencyHistogram(PRECISION_BITS);
        /** Allocated up front: the run itself allocates nothing that grows. */
        final LatencyHistogram[] perSecond;
        final long[] outcomes = new long[Outcome.values().length];
        long mismatches;
        long errors;
        private final long seed;
        private final long measureStart;
        private final long measureEnd;
        private final List<String> errorSamples;

        Worker(long seed, long measureStart, long measureEnd, int seconds, List<String> errorSamples) {
            this.seed = seed;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.errorSamples = errorSamples;
            this.perSecond = new LatencyHistogram[seconds];
            for (int i = 0; i < seconds; i++) {
                perSecond[i] = new LatencyHistogram(PER_SECOND_PRECISION_BITS);
            }
        }

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(seed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            while (true) {
                TrafficMix.Request request = mix.get(random.nextInt(mix.size()));
                log.resetOutcome();
                Outcome observed;
                String error = null;
                long t0 = System.nanoTime();
                try {
                    out.reset();
                    handler.handleRequest(new ByteArrayInputStream(request.event()), out, null);
                    observed = log.lastOutcome();
                    if (observed == Outcome.UNAUTHORIZED && request.shape() != TrafficMix.Shape.HTTP_V2) {
                        error = "UNAUTHORIZED decision answered without the Unauthorized failure (" + request.shape() + ")";
                    }
                } catch (UnauthorizedException e) {
                    observed = log.lastOutcome();
                } catch (Exception | Error e) {
                    observed = Outcome.ERROR;
                    error = e.toString();
                }
                long t1 = System.nanoTime();
                if (t1 - measureEnd >= 0) {
                    return;
                }
                if (t1 - measureStart < 0) {
                    continue; // warm-up
                }
                if (observed == null) {
                    observed = Outcome.ERROR;
                    error = "no decision log line";
                }
                long latency = t1 - t0;
                total.record(latency);
                perSecond[(int) Math.min(perSecond.length - 1, (t1 - measureStart) / SECOND_NANOS)].record(latency);
                outcomes[observed.ordinal()]++;
                if (error != null || observed == Outcome.ERROR) {
                    errors++;
                    sample(request, observed, error);
                } else if (observed != request.expected()) {
                    mismatches++;
                    sample(request, observed, "expected " + request.expected());
                }
            }
        }

        private void sample(TrafficMix.Request request, Outcome observed, String what) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add(request.shape() + " " + request.kind() + " -> " + observed + ": " + what);
            }
        }
    }
}
