package dev.tollgate.idp;

import dev.tollgate.testing.KeycloakServer;
import dev.tollgate.testing.TestTls;
import java.util.List;

/** Keycloak over HTTPS with realm {@value #REALM}: clients {@code orders-reader} and {@code billing-reader}. */
final class KeycloakProvider implements RealProvider {
    static final String REALM = "tollgate";
    private static final KeycloakServer.Client ORDERS = new KeycloakServer.Client("orders-reader",
            "orders-reader-secret-0123456789abcdef", ORDERS_API);
    private static final KeycloakServer.Client BILLING = new KeycloakServer.Client("billing-reader",
            "billing-reader-secret-0123456789abcdef", BILLING_API);

    private final KeycloakServer server;
    private final String principal;

    private KeycloakProvider(KeycloakServer server) {
        this.server = server;
        server.createRealm(REALM, TOKEN_LIFETIME, List.of(ORDERS, BILLING));
        this.principal = server.serviceAccountSubject(REALM, ORDERS.id());
    }

    static KeycloakProvider start(TestTls ca) {
        KeycloakServer server = KeycloakServer.start(ca.issue("IP:127.0.0.1", "DNS:localhost"));
        try {
            KeycloakProvider provider = new KeycloakProvider(server);
            System.out.printf("Keycloak up in %d ms at %s%n", server.startup().toMillis(), server.baseUrl());
            return provider;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    KeycloakServer server() {
        return server;
    }

    @Override
    public String name() {
        return "Keycloak";
    }

    @Override
    public String issuer() {
        return server.issuer(REALM);
    }

    @Override
    public String ordersToken() {
        return server.clientCredentialsToken(REALM, ORDERS);
    }

    @Override
    public String billingToken() {
        return server.clientCredentialsToken(REALM, BILLING);
    }

    @Override
    public String ordersPrincipal() {
        return principal;
    }

    @Override
    public String currentKid() {
        return server.activeKid(REALM);
    }

    @Override
    public java.util.List<String> publishedKids() {
        return server.publishedKids(REALM);
    }

    @Override
    public String rotateKey() {
        return server.rotateKey(REALM);
    }

    @Override
    public void removeKey(String kid) {
        server.removeKey(REALM, kid);
    }

    @Override
    public void close() {
        server.close();
    }
}
