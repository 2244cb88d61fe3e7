package dev.tollgate.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain speaks its own types: nothing in {@code permission} may import an AWS type. */
class PermissionPackageIsPureTest {

    @Test
    void sourcesWhenScannedThenImportNoAwsTypes() throws IOException {
        Path dir = Path.of(System.getProperty("tollgate.project.dir", "."), "src/main/java/dev/tollgate/permission");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            assertThat(Files.readString(source))
                    .as(source.getFileName().toString())
                    .doesNotContain("software.amazon.")
                    .doesNotContain("com.amazonaws.");
        }
    }
}
