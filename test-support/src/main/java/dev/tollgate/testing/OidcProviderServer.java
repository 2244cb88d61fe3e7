package dev.tollgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OpenID Provider, node {@code oidc-provider} (the certified Node.js implementation), run
 * with the machine's {@code node} on a free loopback port, over HTTP or over HTTPS with a
 * {@link TestTls} certificate: discovery, a JWKS, and a token endpoint that issues RFC 9068 JWT
 * access tokens ({@code typ: at+jwt}, RS256, {@code sub} and {@code client_id} = the client) to
 * confidential clients by the client-credentials grant; {@code aud} is the resource indicator
 * (RFC 8707) the client asks for. Keys are made for each run and can be rotated while it runs.
 *
 * <p>The pinned npm install is {@code test-support/oidc-provider} ({@code package-lock.json},
 * launched by its {@code server.mjs}); {@link #start} finds it through the system property
 * {@code tollgate.oidc-provider.dir} (Maven sets it) and runs {@code npm ci} there first when
 * {@code node_modules} is missing ({@link NpmInstall}). The server stops when this object closes,
 * and by itself when the JVM that started it goes away (end of its stdin).
 */
public final class OidcProviderServer implements AutoCloseable {

    /** Node start plus oidc-provider's loading takes about a second here; 60 s is for loaded CI. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    /** The install relative to the project root. */
    public static final Path INSTALL_DIR = Path.of("test-support", "oidc-provider");

    /** A confidential client allowed the client-credentials grant (HTTP Basic authentication). */
    public record Client(String id, String secret) {}

    /**
     * What to run.
     *
     * @param installDir  the folder holding {@code package.json} and {@code server.mjs}
     * @param https       the certificate to serve HTTPS with; null serves plain HTTP
     * @param tokenTtl    access-token lifetime (whole seconds)
     * @param scope       the scope every access token carries
     * @param clients     the registered clients
     */
    public record Options(Path installDir, TestTls.ServerCert https, Duration tokenTtl, String scope, List<Client> clients) {
        public Options {
            clients = List.copyOf(clients);
        }

        /** The install named by {@code tollgate.oidc-provider.dir} (default {@link #INSTALL_DIR} below the working directory). */
        public static Options of(TestTls.ServerCert https, Duration tokenTtl, String scope, List<Client> clients) {
            return new Options(Path.of(System.getProperty("tollgate.oidc-provider.dir", INSTALL_DIR.toString())),
                    https, tokenTtl, scope, clients);
        }
    }

    private final ServerProcess process;
    private final String issuer;
    private final FixtureHttp http;
    private final Path workDir;
    private volatile String currentKid;
    private volatile URI tokenEndpoint;

    private OidcProviderServer(ServerProcess process, String issuer, FixtureHttp http, Path workDir, String kid) {
        this.process = process;
        this.issuer = issuer;
        this.http = http;
        this.workDir = workDir;
        this.currentKid = kid;
    }

    /**
     * Starts the provider and waits until it listens.
     *
     * @throws IllegalStateException when node or the install is missing, {@code npm ci} fails, or
     *     the server does not come up within {@link #START_TIMEOUT} (the message holds its output)
     */
    public static OidcProviderServer start(Options options) {
        try {
            NpmInstall.ensure(options.installDir());
        } catch (IOException e) {
            throw new IllegalStateException("oidc-provider is not installed in " + options.installDir().toAbsolutePath()
                    + " and npm ci failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing oidc-provider", e);
        }
        int port = ServerProcess.freeLoopbackPort();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("tollgate-oidc-provider");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("port", port);
        if (options.https() != null) {
            Path cert = workDir.resolve("cert.pem");
            Path key = workDir.resolve("key.pem");
            options.https().writePem(cert, key);
            config.put("tls", Map.of("cert", cert.toString(), "key", key.toString()));
        } else {
            config.put("tls", null);
        }
        config.put("tokenTtlSeconds", options.tokenTtl().toSeconds());
        config.put("scope", options.scope());
        config.put("clients", options.clients().stream().map(c -> Map.of("id", c.id(), "secret", c.secret())).toList());
        Path configFile = workDir.resolve("config.json");
        try {
            Files.writeString(configFile, FixtureHttp.write(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder("node",
                options.installDir().toAbsolutePath().resolve("server.mjs").toString(), configFile.toString())
                .directory(options.installDir().toAbsolutePath().toFile());
        ServerProcess process = ServerProcess.start("oidc-provider", builder,
                line -> line.startsWith("oidc-provider listening at "), START_TIMEOUT);
        String ready = process.awaitLine(0, line -> line.startsWith("oidc-provider listening at "), START_TIMEOUT);
        String[] words = ready.split(" ");
        String issuer = words[3];
        String kid = words[5];
        FixtureHttp http = new FixtureHttp(options.https() == null ? null : FixtureHttp.trusting(options.https().ca()));
        return new OidcProviderServer(process, issuer, http, workDir, kid);
    }

    /** The issuer identifier, {@code http(s)://127.0.0.1:<port>} (no trailing slash): {@code iss} of its tokens. */
    public String issuer() {
        return issuer;
    }

    /** The {@code kid} new tokens are signed with. */
    public String currentKid() {
        return currentKid;
    }

    /**
     * A client-credentials access token for {@code audience} (the resource indicator), from the
     * token endpoint that discovery names.
     *
     * @param audience an absolute URI (RFC 8707); the token's {@code aud}
     * @return the compact JWS
     * @throws IllegalStateException when the provider refuses
     */
    public String clientCredentialsToken(Client client, String audience) {
        JsonNode answer = http.postForm(tokenEndpoint(), FixtureHttp.basic(client.id(), client.secret()),
                Map.of("grant_type", "client_credentials", "resource", audience));
        return answer.path("access_token").asText();
    }

    private URI tokenEndpoint() {
        if (tokenEndpoint == null) {
            JsonNode discovery = http.getJson(URI.create(issuer + "/.well-known/openid-configuration"), null);
            tokenEndpoint = URI.create(discovery.path("token_endpoint").asText());
        }
        return tokenEndpoint;
    }

    /** The key ids the JWKS publishes now, newest first. */
    public List<String> publishedKids() {
        JsonNode jwks = http.getJson(URI.create(issuer + "/jwks"), null);
        return jwks.path("keys").findValuesAsText("kid");
    }

    /**
     * Rotates: a new RS256 key signs from now on; older keys stay published (so tokens they signed
     * still verify) until {@link #retireOldKeys()}.
     *
     * @return the new key's {@code kid}
     */
    public String rotateKey() {
        int from = process.lineCount();
        process.send("rotate");
        String answer = process.awaitLine(from, line -> line.startsWith("rotated "), COMMAND_TIMEOUT);
        currentKid = answer.substring("rotated ".length()).trim();
        return currentKid;
    }

    /** Removes every key but the newest from the JWKS. */
    public void retireOldKeys() {
        int from = process.lineCount();
        process.send("retire");
        process.awaitLine(from, line -> line.startsWith("retired"), COMMAND_TIMEOUT);
    }

    /** What the server printed so far. */
    public String output() {
        return process.output();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
        try (var files = Files.list(workDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            // a temp folder: left for the OS
        }
    }
}
