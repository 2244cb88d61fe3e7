package dev.tollgate.bench.coldstart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way of starting the function that the harness compares.
 *
 * @param name        short name used on the command line and in the table
 * @param function    which function runs
 * @param jdk         17 or 25
 * @param flags       JVM flags (what JAVA_TOOL_OPTIONS would hold)
 * @param cache       class-data archive prepared by a training run before the samples
 * @param snapStart   SnapStart-style: the runtime client runs the CRaC hooks at init
 * @param description one line for the README and the table notes
 * @param env         function environment on top of the harness's (A/B of a tollgate setting)
 * @param oneCpu      the function runs pinned to one CPU ({@code taskset -c 0}): Lambda gives a function
 *                    less than one vCPU below 1,769 MB, so a parallel init meets a single core there
 * @param jar         for tollgate modes, another function jar than the run's (an A/B against a baseline
 *                    build in the same run, {@code --compare-jar}); null: the run's jar
 */
public record Mode(String name, Function function, int jdk, List<String> flags, Cache cache, boolean snapStart,
        String description, Map<String, String> env, boolean oneCpu, java.nio.file.Path jar) {

    /** The suffix of the twin modes that run the {@code --compare-jar} build. */
    public static final String COMPARE_SUFFIX = "@base";

    /** The suffix that pins any mode to one CPU: {@code j17-c1-1cpu}. */
    public static final String ONE_CPU_SUFFIX = "-1cpu";

    public Mode {
        env = Map.copyOf(env);
    }

    public Mode(String name, Function function, int jdk, List<String> flags, Cache cache, boolean snapStart,
            String description, Map<String, String> env) {
        this(name, function, jdk, flags, cache, snapStart, description, env, false, null);
    }

    /** This tollgate mode running {@code otherJar} instead, named with {@link #COMPARE_SUFFIX}. */
    public Mode withJar(java.nio.file.Path otherJar) {
        return new Mode(name + COMPARE_SUFFIX, function, jdk, flags, cache, snapStart,
                description + "; function jar " + otherJar, env, oneCpu, otherJar);
    }

    public Mode(String name, Function function, int jdk, List<String> flags, Cache cache, boolean snapStart,
            String description) {
        this(name, function, jdk, flags, cache, snapStart, description, Map.of());
    }

    /**
     * What runs: the constant-answer Java handler, tollgate, or the Node.js peer doing tollgate's job
     * (aws-jwt-verify and the AWS SDK for JavaScript v3, {@code bench/node-peer}).
     */
    public enum Function { HELLO, TOLLGATE, NODE }

    /** True for the modes that launch a JVM (class counts, archives and JVM flags apply). */
    public boolean jvm() {
        return function != Function.NODE;
    }

    /** This mode pinned to one CPU, named with {@link #ONE_CPU_SUFFIX}. */
    public Mode pinnedToOneCpu() {
        return new Mode(name + ONE_CPU_SUFFIX, function, jdk, flags, cache, snapStart,
                description + "; pinned to one CPU (taskset -c 0)", env, true, jar);
    }

    /**
     * The mode called {@code name}: one of {@link #ALL}, or one of them with {@link #ONE_CPU_SUFFIX}.
     *
     * @return null when there is no such mode
     */
    public static Mode named(String name) {
        Mode mode = ALL.get(name);
        if (mode == null && name.endsWith(ONE_CPU_SUFFIX)) {
            Mode base = ALL.get(name.substring(0, name.length() - ONE_CPU_SUFFIX.length()));
            return base == null ? null : base.pinnedToOneCpu();
        }
        return mode;
    }

    public enum Cache { NONE, APPCDS, AOT }

    /** C1 only and the serial collector: the usual Lambda advice for short-lived JVMs. */
    public static final List<String> C1 = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Every mode the harness knows, in table order. */
    public static final Map<String, Mode> ALL = all();

    /**
     * Modes run when --modes is not given: the baselines, every deployment mode on JDK 17 and 25, and
     * the same pinned to one CPU.
     */
    public static final List<String> DEFAULT = List.of("hello", "node", "j17-c1", "j17-appcds",
            "j17-snapstart", "j25-c1", "j25-aot", "j25-snapstart", "hello" + ONE_CPU_SUFFIX, "node" + ONE_CPU_SUFFIX,
            "j17-c1" + ONE_CPU_SUFFIX, "j17-snapstart" + ONE_CPU_SUFFIX, "j25-c1" + ONE_CPU_SUFFIX,
            "j25-aot" + ONE_CPU_SUFFIX, "j25-snapstart" + ONE_CPU_SUFFIX);

    private static Map<String, Mode> all() {
        Map<String, Mode> modes = new LinkedHashMap<>();
        add(modes, new Mode("hello", Function.HELLO, 17, List.of(), Cache.NONE, false,
                "baseline: a constant-answer handler under the same runtime client, JDK 17 default flags"));
        add(modes, new Mode("hello-c1", Function.HELLO, 17, C1, Cache.NONE, false,
                "baseline with C1 + SerialGC"));
        add(modes, new Mode("node", Function.NODE, 0, List.of(), Cache.NONE, false,
                "the Node.js peer: the same job (aws-jwt-verify over HTTPS, one GetItem with @aws-sdk/client-dynamodb "
                        + "v3, an IAM policy) under the same local Runtime API (bench/node-peer)"));
        add(modes, new Mode("j17-default", Function.TOLLGATE, 17, List.of(), Cache.NONE, false,
                "JDK 17, default JVM flags"));
        add(modes, new Mode("j17-c1", Function.TOLLGATE, 17, C1, Cache.NONE, false,
                "JDK 17, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (default CDS archive, -Xshare:auto)"));
        add(modes, new Mode("j17-c1-xshare-off", Function.TOLLGATE, 17, plus(C1, "-Xshare:off"), Cache.NONE, false,
                "as j17-c1 with -Xshare:off: what the JDK's default CDS archive is worth"));
        add(modes, new Mode("j17-c1-unprimed", Function.TOLLGATE, 17, C1, Cache.NONE, false,
                "as j17-c1 with TOLLGATE_PRIMING=false: what init-time priming and the early DynamoDB connection are worth",
                Map.of("TOLLGATE_PRIMING", "false")));
        add(modes, new Mode("j17-appcds", Function.TOLLGATE, 17, C1, Cache.APPCDS, false,
                "as j17-c1 plus an AppCDS archive (-XX:ArchiveClassesAtExit training run, then -XX:SharedArchiveFile)"));
        add(modes, new Mode("j17-snapstart", Function.TOLLGATE, 17, C1, Cache.NONE, true,
                "as j17-c1, SnapStart-style: the runtime client runs the CRaC beforeCheckpoint hooks at init and "
                        + "afterRestore on /restore/next; cold start is measured from restore"));
        add(modes, new Mode("j25-default", Function.TOLLGATE, 25, List.of(), Cache.NONE, false,
                "JDK 25, default JVM flags"));
        add(modes, new Mode("j25-c1", Function.TOLLGATE, 25, C1, Cache.NONE, false,
                "JDK 25, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
        add(modes, new Mode("j25-aot", Function.TOLLGATE, 25, C1, Cache.AOT, false,
                "as j25-c1 plus an AOT cache (-XX:AOTCacheOutput training run, then -XX:AOTCache)"));
        add(modes, new Mode("j25-snapstart", Function.TOLLGATE, 25, C1, Cache.NONE, true,
                "as j25-c1, SnapStart-style"));
        return modes;
    }

    private static void add(Map<String, Mode> modes, Mode mode) {
        modes.put(mode.name(), mode);
    }

    private static List<String> plus(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return List.copyOf(out);
    }
}
