package dev.tollgate.local.tools;

import com.nimbusds.jose.jwk.RSAKey;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.EventTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Re-mints the bearer tokens inside {@code events/*.json} from the development key and writes the
 * files that changed: LOCAL DEVELOPMENT ONLY. What each file carries is {@link EventTokens}'s rule
 * (the event tests hold the committed files to it).
 *
 * <pre>MintEvents [events-dir]</pre>
 */
public final class MintEvents {
    private MintEvents() {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DevKey.projectDir().resolve("events");
        RSAKey key = DevKey.privateKey(dir.toAbsolutePath().getParent());
        Map<Path, String> rendered = EventTokens.render(dir, key);
        int changed = 0;
        for (Map.Entry<Path, String> entry : rendered.entrySet()) {
            String current = Files.readString(entry.getKey(), StandardCharsets.UTF_8);
            if (!current.equals(entry.getValue())) {
                Files.writeString(entry.getKey(), entry.getValue(), StandardCharsets.UTF_8);
                System.out.println("re-minted " + entry.getKey());
                changed++;
            }
        }
        System.out.println(changed + " of " + rendered.size() + " event files changed");
    }
}
