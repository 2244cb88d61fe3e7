package dev.tollgate.testing.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One Lambda execution environment emulated by a fresh JVM running a handler under the real
 * runtime interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}).
 *
 * <p>The process gets the environment Lambda sets ({@link #lambdaEnvironment}) plus the caller's
 * extra variables, writes stdout and stderr to files, and is told about by
 * {@link LocalRuntimeApi#fail} when it exits early, so no caller waits forever.
 */
public final class FunctionProcess implements AutoCloseable {

    /** The runtime interface client's entry point. */
    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    /**
     * What to launch.
     *
     * @param command   the whole command line: for a JVM, {@code java <flags> -cp <classpath> <RIC> <handler>}
     *                  (see {@link #java}); for another runtime its own launcher; optionally behind a CPU
     *                  pinning prefix such as {@code taskset -c 0}
     * @param handler   {@code class::method} (Java) or what the runtime's {@code _HANDLER} holds
     * @param env       extra environment variables (the function's configuration); override the defaults
     * @param memoryMb  {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}
     * @param logDir    where {@code stdout.log} and {@code stderr.log} go
     */
    public record Spec(List<String> command, String handler, Map<String, String> env, int memoryMb, Path logDir) {
        public Spec {
            command = List.copyOf(command);
            Objects.requireNonNull(handler, "handler");
            env = Map.copyOf(env);
            Objects.requireNonNull(logDir, "logDir");
        }

        /**
         * A Java handler under the runtime interface client.
         *
         * @param java      the {@code java} executable
         * @param jvmFlags  JVM options (what {@code JAVA_TOOL_OPTIONS} would hold), before the main class
         * @param classpath the function jar(s) first, then the runtime interface client and its dependencies
         */
        public static Spec java(Path java, List<String> jvmFlags, List<Path> classpath, String handler,
                Map<String, String> env, int memoryMb, Path logDir) {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmFlags);
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
            command.add(RIC_MAIN);
            command.add(handler);
            return new Spec(command, handler, env, memoryMb, logDir);
        }

        /** The same launch pinned to one CPU ({@code taskset -c 0}). */
        public Spec pinnedToOneCpu() {
            List<String> pinned = new ArrayList<>(List.of("taskset", "-c", "0"));
            pinned.addAll(command);
            return new Spec(pinned, handler, env, memoryMb, logDir);
        }
    }

    private final Process process;
    private final Spec spec;
    private final long launchedNanos;
    private final Path stdout;
    private final Path stderr;

    private FunctionProcess(Process process, Spec spec, long launchedNanos, Path stdout, Path stderr) {
        this.process = process;
        this.spec = spec;
        this.launchedNanos = launchedNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Launches the function against {@code api}.
     *
     * @throws IOException when the JVM cannot be started
     */
    public static FunctionProcess launch(Spec spec, LocalRuntimeApi api) throws IOException {
        Files.createDirectories(spec.logDir());
        ProcessBuilder builder = new ProcessBuilder(spec.command());
        builder.environment().clear();
        builder.environment().putAll(lambdaEnvironment(spec, api.address()));
        Path out = spec.logDir().resolve("stdout.log");
        Path err = spec.logDir().resolve("stderr.log");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long launched = System.nanoTime();
        Process process = builder.start();
        FunctionProcess fp = new FunctionProcess(process, spec, launched, out, err);
        process.onExit().thenRun(() -> api.fail(new IllegalStateException(
                "function process exited with " + process.exitValue() + "; see " + err)));
        return fp;
    }

    /**
     * The variables Lambda sets for a Java function, for this spec, then {@code spec.env()} on top.
     * PATH and JAVA_HOME are kept from this process so the JVM finds its tools.
     */
    public static Map<String, String> lambdaEnvironment(Spec spec, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        if (path != null) {
            env.put("PATH", path);
        }
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "tollgate-local");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/tollgate-local");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + Long.toHexString(System.nanoTime()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("LAMBDA_TASK_ROOT", spec.logDir().toAbsolutePath().toString());
        env.put("LAMBDA_RUNTIME_DIR", spec.logDir().toAbsolutePath().toString());
        env.putAll(spec.env());
        return env;
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long launchedNanos() {
        return launchedNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Spec spec() {
        return spec;
    }

    public Path stdout() {
        return stdout;
    }

    public Path stderr() {
        return stderr;
    }

    /**
     * The process's peak resident set size so far ({@code VmHWM} of /proc/PID/status), in KiB;
     * -1 when not readable (not Linux, or the process is gone).
     */
    public long peakRssKb() {
        return procStatusKb(process.pid(), "VmHWM:");
    }

    /** The current resident set size ({@code VmRSS}), in KiB; -1 when not readable. */
    public long rssKb() {
        return procStatusKb(process.pid(), "VmRSS:");
    }

    static long procStatusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Both log files, for failure messages: the last {@code maxChars} characters. */
    public String logTail(int maxChars) {
        StringBuilder out = new StringBuilder();
        for (Path p : List.of(stdout, stderr)) {
            try {
                String text = Files.readString(p);
                out.append("--- ").append(p.getFileName()).append('\n')
                        .append(text.length() > maxChars ? text.substring(text.length() - maxChars) : text);
            } catch (IOException e) {
                out.append("--- ").append(p).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Stops the process: SIGTERM (so archives written at exit, such as CDS and AOT caches, are
     * dumped), then SIGKILL after a grace period.
     *
     * @return the exit code, or -1 when it had to be killed
     */
    public int stop() {
        return stop(STOP_GRACE);
    }

    /**
     * As {@link #stop()}, waiting up to {@code grace} after SIGTERM: a JDK 25 AOT training run
     * assembles its cache at exit, which takes seconds.
     */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return -1;
    }

    /**
     * Waits for the process to end by itself (e.g. after {@code System.exit} in a training run).
     *
     * @return true when it ended within {@code timeout}
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
