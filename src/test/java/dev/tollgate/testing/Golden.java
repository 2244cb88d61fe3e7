package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions: the actual JSON must equal the stored file as a JSON tree (field order
 * and whitespace aside). Run with {@code -Dtollgate.updateGolden=true} to (re)write the files; then
 * review the diff before committing.
 */
public final class Golden {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {}

    public static void assertMatches(Path file, String actualJson) {
        try {
            JsonNode actual = JSON.readTree(actualJson);
            if (Boolean.getBoolean("tollgate.updateGolden")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n",
                        StandardCharsets.UTF_8);
            }
            assertThat(file).as("golden file (write it with -Dtollgate.updateGolden=true)").exists();
            JsonNode expected = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(actual).as("response vs " + file).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root (surefire sets tollgate.project.dir; IDEs run from the root). */
    public static Path projectDir() {
        return Path.of(System.getProperty("tollgate.project.dir", "."));
    }
}
