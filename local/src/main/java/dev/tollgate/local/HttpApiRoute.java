package dev.tollgate.local;

import java.util.Map;

/**
 * The route of the local HTTP API that a request matches. The local HTTP API has, for every method
 * and first path segment {@code s}, the routes {@code <METHOD> /s} and {@code <METHOD> /s/{proxy+}},
 * plus {@code <METHOD> /}: so every request matches a route, and route keys tell the demo's
 * resources apart ({@code GET /orders}, {@code GET /orders/{proxy+}}, {@code POST /orders},
 * {@code DELETE /admin}), which is what caching on {@code $context.routeKey} is about.
 *
 * @param routeKey       {@code "GET /orders/{proxy+}"}: {@code $context.routeKey}
 * @param resourcePath   the route's path, {@code /orders/{proxy+}} (payload 1.0's {@code resource})
 * @param pathParameters {@code {"proxy": "42"}}; empty for a route without a parameter
 */
public record HttpApiRoute(String routeKey, String resourcePath, Map<String, String> pathParameters) {

    public HttpApiRoute {
        pathParameters = Map.copyOf(pathParameters);
    }

    /** The route {@code method} and {@code path} (starting with {@code /}) match. */
    public static HttpApiRoute of(String method, String path) {
        String rest = path.length() > 1 ? path.substring(1) : "";
        int slash = rest.indexOf('/');
        if (rest.isEmpty()) {
            return new HttpApiRoute(method + " /", "/", Map.of());
        }
        if (slash < 0 || slash == rest.length() - 1) {
            // "/orders" and "/orders/": the route /orders (API Gateway ignores one trailing slash)
            String resource = "/" + (slash < 0 ? rest : rest.substring(0, slash));
            return new HttpApiRoute(method + " " + resource, resource, Map.of());
        }
        String resource = "/" + rest.substring(0, slash) + "/{proxy+}";
        return new HttpApiRoute(method + " " + resource, resource, Map.of("proxy", rest.substring(slash + 1)));
    }
}
