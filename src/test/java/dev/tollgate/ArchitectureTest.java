package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the layout over every package of the function, present and future: a pure core, thin AWS
 * edges, the environment read in one place, nimbus's token API in the token package only, one role
 * per package said in its package-info.java, and no dependency cycle between packages.
 */
class ArchitectureTest {
    private static final Path MAIN = Golden.projectDir().resolve("src/main/java/dev/tollgate");
    /** The packages that speak to AWS: the Lambda edge, the DynamoDB edge, SnapStart (org.crac, Lambda's handler type). */
    private static final Set<String> AWS_EDGES = Set.of("lambda", "dynamodb", "snapstart");
    private static final Pattern OWN_IMPORT = Pattern.compile("^import (?:static )?dev\\.tollgate\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void everyPackageSaysItsRole() throws IOException {
        for (String pkg : packages()) {
            Path info = MAIN.resolve(pkg).resolve("package-info.java");
            assertThat(info).as(pkg).exists();
            assertThat(read(info)).as(pkg).contains("/**").contains("non-null")
                    .contains("package dev.tollgate." + pkg + ";");
        }
        assertThat(read(MAIN.resolve("package-info.java"))).contains("/**").contains("non-null")
                .contains("package dev.tollgate;");
    }

    @Test
    void onlyTheAwsEdgesImportAwsTypes() throws IOException {
        List<Path> offenders = new ArrayList<>();
        for (String pkg : packages()) {
            if (!AWS_EDGES.contains(pkg)) {
                sources(MAIN.resolve(pkg)).filter(ArchitectureTest::importsAws).forEach(offenders::add);
            }
        }
        try (Stream<Path> root = Files.list(MAIN)) {
            root.filter(p -> p.toString().endsWith(".java")).filter(ArchitectureTest::importsAws).forEach(offenders::add);
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void environmentIsReadOnlyByTheEnvironmentReader() throws IOException {
        List<Path> readers = sources(MAIN).filter(p -> read(p).contains("System.getenv")).toList();
        assertThat(readers).containsExactly(MAIN.resolve("config/SettingsReader.java"));
    }

    @Test
    void nimbusIsUsedOnlyInTheTokenPackage() throws IOException {
        List<Path> users = sources(MAIN).filter(p -> read(p).contains("import com.nimbusds.")).toList();
        assertThat(users).isNotEmpty().allMatch(p -> p.startsWith(MAIN.resolve("token")));
    }

    /**
     * nimbus's JSON entry points initialise its shaded Gson (~80 ms of a cold start): the function
     * reads JOSE JSON with JoseJson and builds nimbus objects from builders instead.
     */
    @Test
    void nimbusJsonParsingIsNeverCalled() throws IOException {
        List<String> entryPoints = List.of("JSONObjectUtils.", "JWSObject.parse(", "JWK.parse(", "JWKSet.parse(",
                "JWSHeader.parse(", "SignedJWT.parse(", "JWTClaimsSet.parse(", ".toJSONObject(", ".toJSONString(");
        List<Path> callers = sources(MAIN).filter(p -> entryPoints.stream().anyMatch(read(p)::contains)).toList();
        assertThat(callers).isEmpty();
    }

    /**
     * Package dependencies form no cycle, so each package can be read knowing only those below it.
     * The root package is left out: it holds the use case ({@code Authorizer}, which uses the core
     * packages) and the failure type their ports throw ({@code DependencyFailureException}).
     */
    @Test
    void packageDependenciesHaveNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String pkg : packages()) {
            Set<String> targets = new TreeSet<>();
            sources(MAIN.resolve(pkg)).forEach(file -> {
                Matcher m = OWN_IMPORT.matcher(read(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        targets.add(m.group(1));
                    }
                }
            });
            uses.put(pkg, targets);
        }
        for (String pkg : uses.keySet()) {
            assertThat(cycleFrom(pkg, pkg, uses, new TreeSet<>())).as("a cycle through " + pkg).isNull();
        }
    }

    /** A path from {@code at} back to {@code start}, or null. */
    private static String cycleFrom(String start, String at, Map<String, Set<String>> uses, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                return at + " -> " + start;
            }
            if (seen.add(next)) {
                String rest = cycleFrom(start, next, uses, seen);
                if (rest != null) {
                    return at + " -> " + rest;
                }
            }
        }
        return null;
    }

    private static List<String> packages() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Stream<Path> sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList().stream();
        }
    }

    private static boolean importsAws(Path file) {
        return read(file).lines().anyMatch(l -> l.startsWith("import com.amazonaws.") || l.startsWith("import software.amazon."));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
