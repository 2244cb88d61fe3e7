package dev.tollgate.bench.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code REPORT} line Lambda writes after every invocation, e.g.
 * {@code REPORT RequestId: 3f2c... Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 512 MB
 * Max Memory Used: 98 MB Init Duration: 456.78 ms}. Durations in milliseconds, memory in MB;
 * {@code initDurationMs} is present only on an on-demand cold start, {@code restoreDurationMs}
 * (and {@code billedRestoreDurationMs}) only on a SnapStart restore.
 */
public record ReportLine(
        String requestId,
        double durationMs,
        double billedDurationMs,
        int memorySizeMb,
        int maxMemoryUsedMb,
        Double initDurationMs,
        Double restoreDurationMs,
        Double billedRestoreDurationMs) {

    private static final Pattern REQUEST_ID = Pattern.compile("RequestId:\\s*([0-9a-fA-F-]+)");

    /** True for a cold start (on-demand init or SnapStart restore). */
    public boolean cold() {
        return initDurationMs != null || restoreDurationMs != null;
    }

    /** True for a SnapStart restore ({@code Restore Duration} present). */
    public boolean restore() {
        return restoreDurationMs != null;
    }

    /** Init (or restore) plus handler duration: the cold start Lambda reports, in ms. */
    public double coldStartMs() {
        return durationMs + (initDurationMs != null ? initDurationMs : 0)
                + (restoreDurationMs != null ? restoreDurationMs : 0);
    }

    /**
     * Finds and parses the REPORT line in a function's log tail (the decoded {@code LogResult}).
     *
     * @return empty when the text holds no REPORT line with at least a Duration
     */
    public static Optional<ReportLine> find(String log) {
        if (log == null) {
            return Optional.empty();
        }
        for (String line : log.split("\\R")) {
            int at = line.indexOf("REPORT ");
            if (at >= 0) {
                Optional<ReportLine> parsed = parse(line.substring(at));
                if (parsed.isPresent()) {
                    return parsed;
                }
            }
        }
        return Optional.empty();
    }

    /** Parses one REPORT line; empty when it has no {@code Duration}. */
    public static Optional<ReportLine> parse(String line) {
        // Tabs separate the fields in real logs; "Duration" must not match inside the other names.
        Double duration = number(line, "(?<!Billed |Init |Restore )Duration");
        if (duration == null) {
            return Optional.empty();
        }
        Matcher id = REQUEST_ID.matcher(line);
        Double billed = number(line, "(?<!Restore )Billed Duration");
        Double size = number(line, "Memory Size");
        Double used = number(line, "Max Memory Used");
        return Optional.of(new ReportLine(id.find() ? id.group(1) : null, duration,
                billed == null ? Double.NaN : billed,
                size == null ? -1 : size.intValue(), used == null ? -1 : used.intValue(),
                number(line, "Init Duration"), number(line, "(?<!Billed )Restore Duration"),
                number(line, "Billed Restore Duration")));
    }

    private static Double number(String line, String field) {
        Matcher m = Pattern.compile(field + ":\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(?:ms|MB)").matcher(line);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
