package dev.tollgate.bench.deps;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An OpenID Connect issuer on 127.0.0.1 for benchmarks and tests: it serves
 * {@code /.well-known/openid-configuration} and {@code /jwks.json} for an RSA-2048 key it generates,
 * over HTTPS (as every production issuer) or plain HTTP, and mints RS256 tokens signed with that key.
 *
 * <p>Start the JVM that serves it with {@code -Dsun.net.httpserver.nodelay=true} (BenchMain sets it):
 * the JDK server writes headers and body separately, and with Nagle on a keep-alive client waits
 * ~40 ms for a delayed ACK under TLS.
 */
public final class LoopbackIssuer implements AutoCloseable {

    public static final String AUDIENCE = "tollgate-bench";
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RSAKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final String jwksJson;
    private final AtomicInteger jwksFetches = new AtomicInteger();

    private LoopbackIssuer(HttpServer server, ExecutorService executor, RSAKey key) throws JOSEException {
        this.server = server;
        this.executor = executor;
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.issuer = (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
        this.jwksJson = new JWKSet(key.toPublicJWK()).toString();
    }

    /** Generates a key and starts serving plain HTTP on a free loopback port. */
    public static LoopbackIssuer start() throws IOException {
        return start(null);
    }

    /**
     * Generates a key and starts serving on a free loopback port.
     *
     * @param tls the server side of TLS; null serves plain HTTP
     */
    public static LoopbackIssuer start(SSLContext tls) throws IOException {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID("bench-" + Long.toHexString(System.nanoTime()))
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "loopback-issuer");
            t.setDaemon(true);
            return t;
        });
        try {
            LoopbackIssuer issuer = new LoopbackIssuer(server, executor, key);
            server.createContext("/.well-known/openid-configuration", issuer::discovery);
            server.createContext("/jwks.json", issuer::jwks);
            server.setExecutor(executor);
            server.start();
            return issuer;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code iss} value, {@code https://127.0.0.1:<port>} (or {@code http://} without TLS). */
    public String issuer() {
        return issuer;
    }

    public String jwksUri() {
        return issuer + "/jwks.json";
    }

    /** The public JWK set as served. */
    public String jwksJson() {
        return jwksJson;
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** How many times {@code /jwks.json} was served. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** A valid RS256 token for {@code subject}, issued now, audience {@link #AUDIENCE}. */
    public String mint(String subject) {
        return mint(subject, AUDIENCE, Instant.now(), TOKEN_LIFETIME);
    }

    /** A token with the given claims, signed with this issuer's key. */
    public String mint(String subject, String audience, Instant issuedAt, Duration lifetime) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        send(exchange, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri()
                + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        send(exchange, jwksJson);
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
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
