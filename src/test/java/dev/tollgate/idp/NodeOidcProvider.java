package dev.tollgate.idp;

import dev.tollgate.testing.OidcProviderServer;
import dev.tollgate.testing.TestTls;
import java.util.List;

/** node oidc-provider over HTTPS: clients {@code orders-reader} and {@code billing-reader}. */
final class NodeOidcProvider implements RealProvider {
    private static final OidcProviderServer.Client ORDERS = new OidcProviderServer.Client("orders-reader",
            "orders-reader-secret-0123456789abcdef");
    private static final OidcProviderServer.Client BILLING = new OidcProviderServer.Client("billing-reader",
            "billing-reader-secret-0123456789abcdef");

    private final OidcProviderServer server;

    private NodeOidcProvider(OidcProviderServer server) {
        this.server = server;
    }

    static NodeOidcProvider start(TestTls ca) {
        return new NodeOidcProvider(OidcProviderServer.start(OidcProviderServer.Options.of(
                ca.issue("IP:127.0.0.1", "DNS:localhost"), TOKEN_LIFETIME, "orders:read", List.of(ORDERS, BILLING))));
    }

    OidcProviderServer server() {
        return server;
    }

    @Override
    public String name() {
        return "oidc-provider";
    }

    @Override
    public String issuer() {
        return server.issuer();
    }

    @Override
    public String ordersToken() {
        return server.clientCredentialsToken(ORDERS, ORDERS_API);
    }

    @Override
    public String billingToken() {
        return server.clientCredentialsToken(BILLING, BILLING_API);
    }

    @Override
    public String ordersPrincipal() {
        return ORDERS.id(); // oidc-provider's client-credentials tokens carry sub = client_id
    }

    @Override
    public String currentKid() {
        return server.currentKid();
    }

    @Override
    public java.util.List<String> publishedKids() {
        return server.publishedKids();
    }

    @Override
    public String rotateKey() {
        return server.rotateKey();
    }

    @Override
    public void removeKey(String kid) {
        if (kid.equals(server.currentKid())) {
            throw new IllegalArgumentException("the current key cannot be removed: " + kid);
        }
        server.retireOldKeys();
    }

    @Override
    public void close() {
        server.close();
    }
}
