package dev.tollgate.idp;

import java.time.Duration;

/** One running identity provider as the tests drive it: its issuer, two clients, its keys. */
interface RealProvider extends AutoCloseable {
    /** The API audience tollgate is configured with (the orders API). */
    String ORDERS_API = "https://orders.tollgate.test";
    /** Another API's audience: tokens for it must never open the orders API. */
    String BILLING_API = "https://billing.tollgate.test";
    /** What every token the providers issue lives. */
    Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /** For messages and display names. */
    String name();

    /** The issuer identifier (discovery lives below it). */
    String issuer();

    /** A fresh client-credentials token of the orders client, {@code aud} = {@link #ORDERS_API}. */
    String ordersToken();

    /** A fresh client-credentials token of the billing client, {@code aud} = {@link #BILLING_API}. */
    String billingToken();

    /** The {@code sub} of {@link #ordersToken()}: the principal tollgate looks up. */
    String ordersPrincipal();

    /** The {@code kid} new tokens are signed with. */
    String currentKid();

    /** The key ids the provider's JWKS publishes now. */
    java.util.List<String> publishedKids();

    /** A new signing key; the previous ones stay published. @return its {@code kid} */
    String rotateKey();

    /** Removes {@code kid} (not the current key) from the provider's JWKS. */
    void removeKey(String kid);

    @Override
    void close();
}
