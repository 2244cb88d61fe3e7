package dev.tollgate.idp;

/**
 * {@link RealProviderContract} against node oidc-provider over HTTPS: RFC 9068 JWT access tokens
 * ({@code typ: at+jwt}, {@code sub} = {@code client_id}, {@code aud} = the RFC 8707 resource
 * indicator), keys rotated and retired while it runs.
 */
class OidcProviderIT extends RealProviderContract {
    @Override
    RealProvider provider() {
        return PROVIDERS.oidcProvider();
    }
}
