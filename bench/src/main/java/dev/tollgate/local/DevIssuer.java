package dev.tollgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The development issuer of the local stack, on 127.0.0.1: it serves
 * {@code /.well-known/openid-configuration} and {@code /.well-known/jwks.json} with the public half of
 * the committed LOCAL-ONLY development key ({@code events/dev/dev-jwks.json}).
 *
 * <p>The discovery document names the issuer id the development tokens carry (by default
 * {@code https://issuer.tollgate.example}, what {@code ./tollgate mint} puts in {@code iss}), and a
 * loopback {@code jwks_uri}; the local stack points tollgate at that URI with {@code TOLLGATE_JWKS_URI},
 * so tollgate fetches the keys over HTTP as it would from a real issuer. It signs nothing: tokens are
 * minted from the private key file by {@code ./tollgate mint}.
 */
public final class DevIssuer implements AutoCloseable {

    /** Issuer id of the development tokens (the {@code iss} {@code ./tollgate mint} writes). */
    public static final String DEV_ISSUER_ID = "https://issuer.tollgate.example";
    /** Audience of the development tokens. */
    public static final String DEV_AUDIENCE = "tollgate-demo";
    /** The committed public key set, relative to the project root. */
    public static final Path DEV_JWKS = Path.of("events", "dev", "dev-jwks.json");

    private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    private static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String issuerId;
    private final String jwksJson;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    private DevIssuer(HttpServer server, ExecutorService executor, String issuerId, String jwksJson) {
        this.server = server;
        this.executor = executor;
        this.issuerId = issuerId;
        this.jwksJson = jwksJson;
    }

    /**
     * Serves {@code jwksFile} on {@code port} of 127.0.0.1 (0: a free port).
     *
     * @throws IOException              when the file cannot be read or the port cannot be bound
     * @throws IllegalArgumentException when the file is not a JWK set with at least one key
     */
    public static DevIssuer start(Path jwksFile, String issuerId, int port) throws IOException {
        String jwks = Files.readString(jwksFile, StandardCharsets.UTF_8);
        JsonNode keys = JSON.readTree(jwks).path("keys");
        if (!keys.isArray() || keys.isEmpty()) {
            throw new IllegalArgumentException(jwksFile + " is not a JWK set with at least one key");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dev-issuer");
            t.setDaemon(true);
            return t;
        });
        DevIssuer issuer = new DevIssuer(server, executor, issuerId, jwks);
        server.createContext(DISCOVERY_PATH, issuer::discovery);
        server.createContext(JWKS_PATH, issuer::jwks);
        server.setExecutor(executor);
        server.start();
        return issuer;
    }

    /** {@code http://127.0.0.1:<port>}: where this issuer listens. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code issuer} of the discovery document (the tokens' {@code iss}). */
    public String issuerId() {
        return issuerId;
    }

    public String discoveryUrl() {
        return baseUrl() + DISCOVERY_PATH;
    }

    public String jwksUri() {
        return baseUrl() + JWKS_PATH;
    }

    /** How many times the JWK set was served. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", issuerId);
        doc.put("jwks_uri", jwksUri());
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.put("x_tollgate_note", "LOCAL DEVELOPMENT ONLY: the private key is public in the tollgate repository");
        send(exchange, exactPath(exchange, DISCOVERY_PATH), doc.toString());
    }

    private void jwks(HttpExchange exchange) throws IOException {
        boolean found = exactPath(exchange, JWKS_PATH);
        if (found) {
            jwksFetches.incrementAndGet();
        }
        send(exchange, found, jwksJson);
    }

    private static boolean exactPath(HttpExchange exchange, String path) {
        return exchange.getRequestURI().getPath().equals(path) && exchange.getRequestMethod().equals("GET");
    }

    private static void send(HttpExchange exchange, boolean found, String body) throws IOException {
        try (exchange) {
            byte[] bytes = (found ? body : "{\"error\":\"not found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(found ? 200 : 404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
