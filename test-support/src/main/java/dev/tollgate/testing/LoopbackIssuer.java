package dev.tollgate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real OpenID Connect issuer on 127.0.0.1 (the JDK's {@code HttpServer}, or {@code HttpsServer}
 * with TLS): a discovery document at {@value #DISCOVERY_PATH} (under the issuer's path, when it has
 * one) and a JWK set that callers can rotate, break, slow down or take down; or, as an OAuth
 * authorization server that is no OpenID provider ({@link Builder#oauthMetadataOnly()}), the same
 * document at RFC 8414's {@value #OAUTH_METADATA_PATH}{@code [/<issuer path>]} only. Any other path
 * answers 404. It signs nothing: tokens come from
 * {@link SigningKey}, {@link TestTokens} or {@link DevKey}.
 *
 * <p>The integration tests start it with {@link #start(String)}; the benchmark over TLS and the
 * local stack's development issuer (a fixed issuer id, port and JWKS path) through {@link #builder}.
 * A JVM serving keep-alive clients over TLS should run with {@code -Dsun.net.httpserver.nodelay=true}:
 * the JDK server writes headers and body separately, and with Nagle on a client waits ~40 ms for a
 * delayed ACK.
 */
public final class LoopbackIssuer implements AutoCloseable {
    /** How the JWKS endpoint misbehaves. */
    public enum Fault { NONE, HTTP_500, GARBAGE, HUGE_BODY, SLOW }

    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    /** RFC 8414 section 3: the well-known suffix goes before the issuer's path. */
    public static final String OAUTH_METADATA_PATH = "/.well-known/oauth-authorization-server";
    /** The JWKS path unless {@link Builder#jwksPath} names another. */
    public static final String DEFAULT_JWKS_PATH = "/jwks.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final String issuerId;
    private final String jwksPath;
    private final String metadataPath;
    private final Map<String, String> discoveryFields;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private volatile String jwks;
    private volatile String discoveryOverride;
    private volatile Fault fault = Fault.NONE;
    private volatile Duration delay = Duration.ofSeconds(3);

    private LoopbackIssuer(Builder options) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port);
        if (options.tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(options.tls));
            server = https;
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-issuer");
            t.setDaemon(true);
            return t;
        });
        baseUrl = (options.tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
        issuerId = options.issuerId != null ? options.issuerId : baseUrl + options.issuerPath;
        jwksPath = options.jwksPath;
        metadataPath = options.oauthMetadataOnly ? OAUTH_METADATA_PATH + options.issuerPath
                : options.issuerPath + DISCOVERY_PATH;
        discoveryFields = Map.copyOf(options.discoveryFields);
        jwks = options.jwks;
        server.setExecutor(executor);
        server.createContext(metadataPath, this::discovery);
        server.createContext(jwksPath, this::keys);
        server.start();
    }

    /** Starts a plain-HTTP issuer on a free port serving {@code jwks}; its issuer id is {@link #baseUrl()}. */
    public static LoopbackIssuer start(String jwks) {
        return builder(jwks).start();
    }

    /** Options for an issuer serving {@code jwks} (a JWK set as JSON). */
    public static Builder builder(String jwks) {
        return new Builder(jwks);
    }

    /** How to start a {@link LoopbackIssuer}; every option has a default. */
    public static final class Builder {
        private final String jwks;
        private SSLContext tls;
        private int port;
        private String issuerId;
        private String jwksPath = DEFAULT_JWKS_PATH;
        private String issuerPath = "";
        private boolean oauthMetadataOnly;
        private final Map<String, String> discoveryFields = new LinkedHashMap<>();

        private Builder(String jwks) {
            this.jwks = Objects.requireNonNull(jwks, "jwks");
        }

        /** Serves HTTPS with {@code context}'s key and certificate; null (the default) serves plain HTTP. */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The {@code issuer} the discovery document names; default {@link #baseUrl()}. */
        public Builder issuerId(String value) {
            this.issuerId = value;
            return this;
        }

        /**
         * A path the issuer id ends with ({@code /realms/x}: the issuer is {@code <base URL>/realms/x}
         * unless {@link #issuerId} says otherwise); default none.
         */
        public Builder issuerPath(String value) {
            if (!value.isEmpty() && (!value.startsWith("/") || value.endsWith("/"))) {
                throw new IllegalArgumentException("an issuer path starts with / and does not end with one: " + value);
            }
            this.issuerPath = value;
            return this;
        }

        /**
         * Serves the metadata where RFC 8414 puts it, {@value #OAUTH_METADATA_PATH} followed by the
         * issuer path, and no OpenID discovery document (which then answers 404).
         */
        public Builder oauthMetadataOnly() {
            this.oauthMetadataOnly = true;
            return this;
        }

        /** Where the JWK set is served; default {@value #DEFAULT_JWKS_PATH}. */
        public Builder jwksPath(String value) {
            this.jwksPath = Objects.requireNonNull(value, "jwksPath");
            return this;
        }

        /** One more string member of the discovery document. */
        public Builder discoveryField(String name, String value) {
            discoveryFields.put(name, value);
            return this;
        }

        /** Binds and starts serving. @throws UncheckedIOException when the port cannot be bound */
        public LoopbackIssuer start() {
            try {
                return new LoopbackIssuer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the loopback issuer on port " + port, e);
            }
        }
    }

    /** {@code http://127.0.0.1:<port>} ({@code https://} with TLS): where this issuer listens. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The issuer id: the discovery document's {@code issuer}, the tokens' {@code iss}. */
    public String issuer() {
        return issuerId;
    }

    /** Where the metadata document is served: the OIDC discovery document, or RFC 8414's. */
    public String discoveryUrl() {
        return baseUrl + metadataPath;
    }

    public String jwksUri() {
        return baseUrl + jwksPath;
    }

    /** The JWK set as served now. */
    public String jwksJson() {
        return jwks;
    }

    public void serveKeys(String json) {
        this.jwks = json;
    }

    /** Replaces the discovery document (null restores the correct one). */
    public void serveDiscovery(String json) {
        this.discoveryOverride = json;
    }

    public void fault(Fault value) {
        this.fault = value;
    }

    public void slowBy(Duration value) {
        this.delay = value;
        this.fault = Fault.SLOW;
    }

    /** How many times the JWK set was asked for (served or failed). */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    private void discovery(HttpExchange exchange) {
        if (!exactGet(exchange, metadataPath)) {
            send(exchange, 404, "{\"error\":\"not found\"}");
            return;
        }
        discoveryRequests.incrementAndGet();
        String body = discoveryOverride;
        if (body == null) {
            ObjectNode doc = JSON.createObjectNode();
            doc.put("issuer", issuerId);
            doc.put("jwks_uri", jwksUri());
            doc.putArray("id_token_signing_alg_values_supported").add("RS256");
            discoveryFields.forEach(doc::put);
            body = doc.toString();
        }
        send(exchange, 200, body);
    }

    private void keys(HttpExchange exchange) {
        if (!exactGet(exchange, jwksPath)) {
            send(exchange, 404, "{\"error\":\"not found\"}");
            return;
        }
        jwksRequests.incrementAndGet();
        switch (fault) {
            case HTTP_500 -> send(exchange, 500, "{\"error\":\"boom\"}");
            case GARBAGE -> send(exchange, 200, "<html>this is not a key set");
            case HUGE_BODY -> send(exchange, 200, "{\"keys\":[],\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            case SLOW -> {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, jwks);
            }
            default -> send(exchange, 200, jwks);
        }
    }

    private static boolean exactGet(HttpExchange exchange, String path) {
        return exchange.getRequestURI().getPath().equals(path) && exchange.getRequestMethod().equals("GET");
    }

    private static void send(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (timeout tests): nothing to do
        } finally {
            exchange.close();
        }
    }

    /** Stops serving: connections are refused from now on. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
