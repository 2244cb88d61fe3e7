package dev.tollgate.bench.aws;

import dev.tollgate.bench.aws.AwsBenchmark.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command line of the AWS mode ({@code bench/run --aws ...}) read into a {@link Config}. */
final class AwsOptions {

    private AwsOptions() {}

    /**
     * Reads the AWS mode's options.
     *
     * <p>{@code --first-after-publish} defaults to 30 % of {@code --samples}, rounded up: for 100
     * samples that is the first 30 against the last 70, the split of Vadym Kazulkin's published
     * SnapStart measurements (100 cold starts, reported as all and as the last 70, so the
     * first-restore penalty of the tiered cache is visible on its own); for the default 10 it is 3
     * against 7, so both groups have samples.
     *
     * @throws IllegalArgumentException for a missing function or values out of range
     */
    static Config read(List<String> argv) throws IOException {
        String function = value(argv, "--function", null);
        if (function == null) {
            throw new IllegalArgumentException("--aws needs --function NAME");
        }
        String eventFile = value(argv, "--event", null);
        String event = eventFile == null ? "{}" : Files.readString(Path.of(eventFile));
        int samples = integer(argv, "--samples", argv.contains("--quick") ? 3 : 10);
        // 30 % rounded up, in integers: Math.ceil(10 * 0.3) is 4.
        return new Config(function, value(argv, "--alias", null), integer(argv, "--versions", 1), samples,
                integer(argv, "--first-after-publish", (samples * 3 + 9) / 10),
                integer(argv, "--warm", 10), event);
    }

    private static int integer(List<String> argv, String name, int fallback) {
        String v = value(argv, name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, was " + v);
        }
    }

    private static String value(List<String> argv, String name, String fallback) {
        int i = argv.indexOf(name);
        return i < 0 || i + 1 >= argv.size() ? fallback : argv.get(i + 1);
    }
}
