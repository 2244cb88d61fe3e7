package dev.tollgate.idp;

import dev.tollgate.testing.TestTls;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The identity providers every class here uses, started on first use and shared by the whole test
 * run (Keycloak costs 15-30 s to start): kept in JUnit's root store, which closes them when the
 * run ends. Their certificates come from one test CA, {@link #CA}; the tests make the JVM trust it
 * the production way ({@link dev.tollgate.testing.JvmDefaultTrust}, or a trust-store flag for a
 * child JVM).
 *
 * <p>{@code @RegisterExtension static final SharedProviders PROVIDERS = new SharedProviders();}
 */
final class SharedProviders implements BeforeAllCallback {
    /** The CA of both providers' server certificates. */
    static final TestTls CA = TestTls.newCa("tollgate identity-provider tests CA");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedProviders.class);

    private ExtensionContext.Store store;

    @Override
    public void beforeAll(ExtensionContext context) {
        store = context.getRoot().getStore(NAMESPACE);
    }

    KeycloakProvider keycloak() {
        return store.computeIfAbsent(KeycloakProvider.class, type -> KeycloakProvider.start(CA), KeycloakProvider.class);
    }

    NodeOidcProvider oidcProvider() {
        return store.computeIfAbsent(NodeOidcProvider.class, type -> NodeOidcProvider.start(CA), NodeOidcProvider.class);
    }
}
