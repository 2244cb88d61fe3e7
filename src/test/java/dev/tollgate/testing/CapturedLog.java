package dev.tollgate.testing;

import dev.tollgate.observe.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures tollgate's log lines for one test: {@code @RegisterExtension final CapturedLog log = new CapturedLog();}.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void beforeEach(ExtensionContext context) {
        out.reset();
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Log.redirect(null);
    }

    /** Forgets what was logged so far. */
    public void clear() {
        out.reset();
    }

    /** Everything logged so far. */
    public String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
