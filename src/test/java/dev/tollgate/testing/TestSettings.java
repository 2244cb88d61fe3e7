package dev.tollgate.testing;

import dev.tollgate.config.Settings;
import dev.tollgate.config.SettingsReader;
import java.util.HashMap;
import java.util.Map;

/** Settings for tests: an environment map with sensible test values, adjustable. */
public final class TestSettings {
    private final Map<String, String> env = new HashMap<>();

    private TestSettings() {
        env.put("TOLLGATE_ISSUER", TestTokens.ISSUER);
        env.put("TOLLGATE_AUDIENCE", TestTokens.AUDIENCE);
        env.put("TOLLGATE_JWKS_JSON", TestKeys.jwks());
        env.put("TOLLGATE_PERMISSIONS_TABLE", "tollgate-permissions");
        env.put("AWS_REGION", "eu-west-1"); // Lambda always sets it
    }

    /** Issuer {@link TestTokens#ISSUER} with the keys of {@link TestKeys#jwks()} inline. */
    public static TestSettings inlineKeys() {
        return new TestSettings();
    }

    /** Keys from a loopback issuer (by discovery unless a JWKS URI is set). */
    public static TestSettings remote(LoopbackIssuer issuer) {
        TestSettings settings = new TestSettings();
        settings.env.remove("TOLLGATE_JWKS_JSON");
        settings.env.put("TOLLGATE_ISSUER", issuer.issuer());
        return settings;
    }

    public TestSettings with(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** The settings {@link SettingsReader} reads from this environment; each concern via its accessor. */
    public Settings build() {
        return SettingsReader.read(env);
    }
}
