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
 * and whitespace aside). Every expected response lives in {@value #EXPECTED_DIR}: one file per event
 * of {@code events/} under the event's name, and the answers to the handler tests' own events.
 * Run with {@code -Dtollgate.updateGolden=true} to (re)write the files; then review the diff before
 * committing.
 */
public final class Golden {
    /** The expected responses, relative to the project root. */
    public static final String EXPECTED_DIR = "events/expected";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {}

    /** {@code events/expected/<name>.json} of the project. */
    public static Path expected(String name) {
        return projectDir().resolve(EXPECTED_DIR).resolve(name + ".json");
    }

    public static void assertMatches(Path file, String actualJson) {
        try {
            JsonNode actual = JSON.readTree(actualJson);
            if (Boolean.getBoolean("tollgate.updateGolden")) {
                PrettyJson.write(file, actual);
            }
            assertThat(file).as("golden file (write it with -Dtollgate.updateGolden=true)").exists();
            JsonNode expected = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(actual).as("response vs " + file).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: {@link DevKey#projectDir()}. */
    public static Path projectDir() {
        return DevKey.projectDir();
    }
}
