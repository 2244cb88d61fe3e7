package dev.tollgate.bench.load;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where tollgate's log goes during a load run ({@code Log.redirect}): a {@link PrintStream} whose
 * bytes are counted and dropped, so the console is not flooded and the run still pays for building,
 * encoding and writing every line. It also notes, per thread, the {@code outcome} of the last
 * decision line that thread wrote (the handler logs synchronously on the calling thread), which is
 * how the run tells a Deny from an Unauthorized in an HTTP API simple response.
 */
final class CountingLog extends PrintStream {
    /** No decision line seen since {@link #resetOutcome()}. */
    static final int NONE = -1;

    private static final String OUTCOME_FIELD = "\"outcome\":\"";

    private final Counter counter;
    private final ThreadLocal<int[]> lastOutcome = ThreadLocal.withInitial(() -> new int[] {NONE});

    CountingLog() {
        this(new Counter());
    }

    private CountingLog(Counter counter) {
        super(counter, false, StandardCharsets.UTF_8);
        this.counter = counter;
    }

    /** Bytes written so far (UTF-8, line separators included). */
    long bytes() {
        return counter.bytes.sum();
    }

    /** Lines written so far. */
    long lines() {
        return counter.lines.sum();
    }

    /** Forgets the calling thread's last outcome; call before each request. */
    void resetOutcome() {
        lastOutcome.get()[0] = NONE;
    }

    /** The calling thread's last decision outcome since {@link #resetOutcome()}, or {@link #NONE}. */
    Outcome lastOutcome() {
        int o = lastOutcome.get()[0];
        return o == NONE ? null : Outcome.values()[o];
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        // tollgate's Log writes each line, its newline included, with one write(byte[], int, int).
        String line = new String(buf, off, len, StandardCharsets.UTF_8);
        int at = line.indexOf(OUTCOME_FIELD);
        if (at >= 0 && at + OUTCOME_FIELD.length() < line.length()) {
            Outcome outcome = switch (line.charAt(at + OUTCOME_FIELD.length())) {
                case 'A' -> Outcome.ALLOW;
                case 'D' -> Outcome.DENY;
                case 'U' -> Outcome.UNAUTHORIZED;
                default -> Outcome.ERROR;
            };
            lastOutcome.get()[0] = outcome.ordinal();
        }
        counter.lines.increment();
        super.write(buf, off, len);
    }

    /** Counts and drops bytes. */
    private static final class Counter extends OutputStream {
        final LongAdder bytes = new LongAdder();
        final LongAdder lines = new LongAdder();

        @Override
        public void write(int b) {
            bytes.increment();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.add(len);
        }
    }
}
