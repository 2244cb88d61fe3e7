package dev.tollgate.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The gateway's HTTP side on 127.0.0.1: turns each exchange into a {@link Gateway.Request} and
 * writes the {@link Gateway.Response}. Bound before anything else starts, so a busy port is
 * reported before any process runs; serving starts once the function is up.
 */
final class GatewayServer implements AutoCloseable {

    private final HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    private GatewayServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code port} on 127.0.0.1 (0: a free port) without serving yet.
     *
     * @throws PortInUseException when the port is taken
     */
    static GatewayServer bind(int port) throws IOException {
        try {
            return new GatewayServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
        } catch (BindException e) {
            throw new PortInUseException(port);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Starts serving every path with {@code handler} (which never throws). */
    void serve(Function<Gateway.Request, Gateway.Response> handler) {
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-gateway");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", exchange -> exchange(exchange, handler));
        server.setExecutor(executor);
        server.start();
    }

    /** Stops listening (whether serving or only bound); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static void exchange(HttpExchange exchange, Function<Gateway.Request, Gateway.Response> handler)
            throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Gateway.Request request = new Gateway.Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    exchange.getRequestURI().getPath(), headers, query(rawQuery), rawQuery == null ? "" : rawQuery,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            Gateway.Response response = handler.apply(request);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean head = request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Query parameters, decoded, each name's values in order. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The gateway port is taken by another process. */
    static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port) {
            super("port " + port + " on 127.0.0.1 is already in use; stop what runs there or choose another with --port");
        }
    }
}
