package dev.tollgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Keycloak (the Quarkus server distribution, {@code org.keycloak:keycloak-quarkus-dist},
 * unpacked by Maven) run in development mode ({@code kc.sh start-dev}, in-memory database) on free
 * loopback ports, over HTTPS with a {@link TestTls} certificate or over plain HTTP, with a
 * temporary admin bootstrapped from the environment. Realms, confidential clients with service
 * accounts (client-credentials grant) and an audience mapper each, and key rotation are driven
 * through Keycloak's admin REST API, as an operator would.
 *
 * <p>Start-up costs 11-25 s on two cores (the first start after unpacking also re-augments the
 * Quarkus build, about 13-20 s more), so tests share one server.
 *
 * <p>The distribution is found through the system property {@value #HOME_PROPERTY} (Maven sets it);
 * Keycloak runs on the JDK named by {@value #JAVA_HOME_PROPERTY}, default the JDK running the tests
 * (Keycloak 26.4 runs on 17 and later).
 */
public final class KeycloakServer implements AutoCloseable {

    /** The system property naming the unpacked distribution (the folder holding {@code bin/kc.sh}). */
    public static final String HOME_PROPERTY = "tollgate.keycloak.home";
    /** The system property naming the JDK to run Keycloak on (a {@code JAVA_HOME}). */
    public static final String JAVA_HOME_PROPERTY = "tollgate.keycloak.java.home";
    /** Generous: a first start on a loaded two-core CI machine re-augments and boots in over a minute. */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final String ADMIN = "admin";

    /**
     * A confidential client with a service account: its client-credentials tokens carry
     * {@code audience} in {@code aud} (an audience mapper).
     */
    public record Client(String id, String secret, String audience) {}

    private final ServerProcess process;
    private final String baseUrl;
    private final String adminPassword;
    private final FixtureHttp http;
    private final Path workDir;
    private final Duration startup;

    private KeycloakServer(ServerProcess process, String baseUrl, String adminPassword, FixtureHttp http,
            Path workDir, Duration startup) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
        this.http = http;
        this.workDir = workDir;
        this.startup = startup;
    }

    /** Starts the distribution named by {@value #HOME_PROPERTY}; see {@link #start(Path, TestTls.ServerCert)}. */
    public static KeycloakServer start(TestTls.ServerCert https) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("system property " + HOME_PROPERTY + " is not set: run the test through"
                    + " Maven (./mvnw verify), which unpacks org.keycloak:keycloak-quarkus-dist into target/keycloak");
        }
        return start(Path.of(home), https);
    }

    /**
     * Starts Keycloak from {@code home} and waits until it serves.
     *
     * @param https the certificate to serve HTTPS with (its plain-HTTP port stays on loopback, unused);
     *              null serves plain HTTP only
     * @throws IllegalStateException when the distribution or Java is missing, or Keycloak does not
     *     come up within {@link #START_TIMEOUT} (the message holds its output)
     */
    public static KeycloakServer start(Path home, TestTls.ServerCert https) {
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kc)) {
            throw new IllegalStateException("no Keycloak distribution at " + home.toAbsolutePath() + " (bin/kc.sh missing)");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("tollgate-keycloak");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int httpPort = ServerProcess.freeLoopbackPort();
        int managementPort = ServerProcess.freeLoopbackPort();
        // kc.sh runs under a watchdog shell that stops it when its stdin (the pipe from this JVM)
        // closes: Keycloak never outlives a test JVM that crashed or was killed. Started in the
        // background, kc.sh reads /dev/null, so only the watchdog's cat reads the pipe.
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "bash \"$0\" \"$@\" & kc=$!; cat >/dev/null; kill -TERM $kc 2>/dev/null; wait $kc",
                kc.toAbsolutePath().toString(), "start-dev",
                "--db=dev-mem",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false"));
        String baseUrl = "http://127.0.0.1:" + httpPort;
        if (https != null) {
            int httpsPort = ServerProcess.freeLoopbackPort();
            Path cert = workDir.resolve("cert.pem");
            Path key = workDir.resolve("key.pem");
            https.writePem(cert, key);
            command.add("--https-port=" + httpsPort);
            command.add("--https-certificate-file=" + cert);
            command.add("--https-certificate-key-file=" + key);
            baseUrl = "https://127.0.0.1:" + httpsPort;
        }
        String password = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toAbsolutePath().toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("JAVA_OPTS")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        env.put("JAVA_HOME", System.getProperty(JAVA_HOME_PROPERTY, System.getProperty("java.home")));
        // A short-lived test server: C1 only starts it in 11-15 s here instead of 20-23 s.
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
        long started = System.nanoTime();
        ServerProcess process = ServerProcess.start("keycloak", builder,
                line -> line.contains("started in") && line.contains("Listening on"), START_TIMEOUT);
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        FixtureHttp http = new FixtureHttp(https == null ? null : FixtureHttp.trusting(https.ca()));
        return new KeycloakServer(process, baseUrl, password, http, workDir, startup);
    }

    /** {@code https://127.0.0.1:<port>} (or {@code http://}): where Keycloak answers. */
    public String baseUrl() {
        return baseUrl;
    }

    /** From launch to "started" in the log. */
    public Duration startup() {
        return startup;
    }

    /** The issuer identifier of {@code realm}: {@code <base>/realms/<realm>}, {@code iss} of its tokens. */
    public String issuer(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /**
     * Creates a realm whose access tokens live {@code tokenLifespan}, with one RS256 signing key
     * (Keycloak's defaults) and the given clients.
     *
     * @return the realm's issuer
     */
    public String createRealm(String realm, Duration tokenLifespan, List<Client> clients) {
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("id", realm);
        representation.put("realm", realm);
        representation.put("enabled", true);
        representation.put("accessTokenLifespan", tokenLifespan.toSeconds());
        String admin = adminToken();
        http.sendJson("POST", URI.create(baseUrl + "/admin/realms"), admin, FixtureHttp.write(representation), 201);
        for (Client client : clients) {
            Map<String, Object> mapper = Map.of(
                    "name", "audience " + client.audience(),
                    "protocol", "openid-connect",
                    "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.custom.audience", client.audience(),
                            "access.token.claim", "true", "id.token.claim", "false",
                            "introspection.token.claim", "true"));
            Map<String, Object> representationOfClient = new LinkedHashMap<>();
            representationOfClient.put("clientId", client.id());
            representationOfClient.put("secret", client.secret());
            representationOfClient.put("enabled", true);
            representationOfClient.put("protocol", "openid-connect");
            representationOfClient.put("publicClient", false);
            representationOfClient.put("clientAuthenticatorType", "client-secret");
            representationOfClient.put("serviceAccountsEnabled", true);
            representationOfClient.put("standardFlowEnabled", false);
            representationOfClient.put("directAccessGrantsEnabled", false);
            representationOfClient.put("protocolMappers", List.of(mapper));
            // The admin API (unlike a realm import) creates the client's service-account user.
            http.sendJson("POST", adminUri(realm, "/clients"), admin, FixtureHttp.write(representationOfClient), 201);
        }
        return issuer(realm);
    }

    /** A client-credentials access token from the realm's token endpoint (as discovery names it). */
    public String clientCredentialsToken(String realm, Client client) {
        JsonNode discovery = http.getJson(URI.create(issuer(realm) + "/.well-known/openid-configuration"), null);
        JsonNode answer = http.postForm(URI.create(discovery.path("token_endpoint").asText()),
                FixtureHttp.basic(client.id(), client.secret()), Map.of("grant_type", "client_credentials"));
        return answer.path("access_token").asText();
    }

    /** The {@code sub} of the client's tokens: the id of its service-account user. */
    public String serviceAccountSubject(String realm, String clientId) {
        String admin = adminToken();
        String id = clientUuid(realm, clientId, admin);
        return http.getJson(adminUri(realm, "/clients/" + id + "/service-account-user"), admin).path("id").asText();
    }

    /** The {@code kid} Keycloak signs RS256 tokens with now. */
    public String activeKid(String realm) {
        return http.getJson(adminUri(realm, "/keys"), adminToken()).path("active").path("RS256").asText();
    }

    /** The key ids the realm's JWKS ({@code .../protocol/openid-connect/certs}) publishes now. */
    public List<String> publishedKids(String realm) {
        JsonNode jwks = http.getJson(URI.create(issuer(realm) + "/protocol/openid-connect/certs"), null);
        return jwks.path("keys").findValuesAsText("kid");
    }

    /**
     * Rotates as an operator does: adds a generated RS256 key provider with a priority above every
     * other, so new tokens are signed with the new key while the old one stays published (active,
     * lower priority) until {@link #removeKey removed}.
     *
     * @return the new key's {@code kid}
     */
    public String rotateKey(String realm) {
        String admin = adminToken();
        JsonNode keys = http.getJson(adminUri(realm, "/keys"), admin);
        long top = 0;
        for (JsonNode key : keys.path("keys")) {
            top = Math.max(top, key.path("providerPriority").asLong());
        }
        String before = keys.path("active").path("RS256").asText();
        Map<String, Object> component = Map.of(
                "name", "rsa-rotated-" + UUID.randomUUID(),
                "providerId", "rsa-generated",
                "providerType", "org.keycloak.keys.KeyProvider",
                "parentId", realm,
                "config", Map.of("priority", List.of(Long.toString(top + 100)), "keySize", List.of("2048"),
                        "active", List.of("true"), "enabled", List.of("true"), "algorithm", List.of("RS256")));
        http.sendJson("POST", adminUri(realm, "/components"), admin, FixtureHttp.write(component), 201);
        String after = activeKid(realm);
        if (after.isEmpty() || after.equals(before)) {
            throw new IllegalStateException("Keycloak kept signing with " + before + " after the rotation");
        }
        return after;
    }

    /** Deletes the key provider of {@code kid}: the key leaves the JWKS and no longer verifies anything. */
    public void removeKey(String realm, String kid) {
        String admin = adminToken();
        for (JsonNode key : http.getJson(adminUri(realm, "/keys"), admin).path("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                http.delete(adminUri(realm, "/components/" + key.path("providerId").asText()), admin);
                return;
            }
        }
        throw new IllegalStateException("realm " + realm + " has no key " + kid);
    }

    private String clientUuid(String realm, String clientId, String admin) {
        JsonNode found = http.getJson(adminUri(realm, "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8)), admin);
        if (!found.isArray() || found.isEmpty()) {
            throw new IllegalStateException("realm " + realm + " has no client " + clientId);
        }
        return found.get(0).path("id").asText();
    }

    private URI adminUri(String realm, String path) {
        return URI.create(baseUrl + "/admin/realms/" + realm + path);
    }

    /** A fresh admin token (the master realm's tokens live 60 s): one per operation. */
    private String adminToken() {
        return http.postForm(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"), null,
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", adminPassword))
                .path("access_token").asText();
    }

    /** What Keycloak printed so far. */
    public String output() {
        return process.output();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
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
