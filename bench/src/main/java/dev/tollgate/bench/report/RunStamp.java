package dev.tollgate.bench.report;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The name of a run's results folder and the timestamp in its title: local time, to the second. */
public final class RunStamp {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunStamp() {}

    /** Now, e.g. {@code 20261202-101500}. */
    public static String now() {
        return LocalDateTime.now().format(FORMAT);
    }
}
