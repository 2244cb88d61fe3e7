package dev.tollgate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way test, tool and benchmark code writes a JSON file: Jackson's default pretty printer,
 * UTF-8, a final newline, parent folders created. (The product writes its own JSON with
 * {@code dev.tollgate.json}; this is for fixtures, generated resources and reports.)
 */
public final class PrettyJson {
    private static final ObjectWriter WRITER = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private PrettyJson() {}

    /** {@code value} (a Jackson tree, a map, a record, ...) as indented JSON. */
    public static String of(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code value} to {@code file} as indented JSON and a newline.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, of(value) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
