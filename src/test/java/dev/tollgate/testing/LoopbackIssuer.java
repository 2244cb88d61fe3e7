package dev.tollgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC issuer on loopback HTTP (JDK HttpServer): a discovery document and a JWKS that tests
 * can rotate, break, slow down or take down. Its issuer id is {@code http://127.0.0.1:<port>}.
 */
public final class LoopbackIssuer implements AutoCloseable {
    /** How the JWKS endpoint misbehaves. */
    public enum Fault { NONE, HTTP_500, GARBAGE, HUGE_BODY, SLOW }

    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private volatile String jwks;
    private volatile String discoveryOverride;
    private volatile Fault fault = Fault.NONE;
    private volatile Duration delay = Duration.ofSeconds(3);

    private LoopbackIssuer(String jwks) throws IOException {
        this.jwks = jwks;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-issuer");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks.json", this::keys);
        server.start();
    }

    /** Starts an issuer serving {@code jwks}. */
    public static LoopbackIssuer start(String jwks) {
        try {
            return new LoopbackIssuer(jwks);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUri() {
        return issuer() + "/jwks.json";
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

    public int jwksRequests() {
        return jwksRequests.get();
    }

    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        discoveryRequests.incrementAndGet();
        String body = discoveryOverride != null ? discoveryOverride
                : "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUri() + "\"}";
        send(exchange, 200, body);
    }

    private void keys(HttpExchange exchange) throws IOException {
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

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
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
    }
}
