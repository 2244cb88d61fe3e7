package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards the layout: a pure core, thin AWS edges, the environment read in one place. */
class ArchitectureTest {
    private static final Path MAIN = Golden.projectDir().resolve("src/main/java/dev/tollgate");

    @Test
    void domainPackagesImportNoAwsType() throws IOException {
        for (String pkg : List.of("token", "permission", "policy", "config", "observe")) {
            assertThat(sources(MAIN.resolve(pkg)).filter(ArchitectureTest::importsAws).toList()).as(pkg).isEmpty();
        }
        assertThat(importsAws(MAIN.resolve("Authorizer.java"))).isFalse();
    }

    @Test
    void environmentIsReadOnlyBySettingsReader() throws IOException {
        List<Path> readers = sources(MAIN).filter(p -> read(p).contains("System.getenv")).toList();
        assertThat(readers).containsExactly(MAIN.resolve("config/SettingsReader.java"));
    }

    @Test
    void nimbusTokenApiIsUsedOnlyInToken() throws IOException {
        List<Path> users = sources(MAIN).filter(p -> read(p).contains("import com.nimbusds.jose.")).toList();
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

    private static Stream<Path> sources(Path dir) throws IOException {
        return Files.walk(dir).filter(p -> p.toString().endsWith(".java"));
    }

    private static boolean importsAws(Path file) {
        return read(file).lines().anyMatch(l -> l.startsWith("import com.amazonaws.") || l.startsWith("import software.amazon."));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
