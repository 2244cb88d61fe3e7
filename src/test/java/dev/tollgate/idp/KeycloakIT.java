package dev.tollgate.idp;

/**
 * {@link RealProviderContract} against a real Keycloak over HTTPS (development mode, realm
 * {@value KeycloakProvider#REALM}): service-account tokens ({@code sub} = the service-account
 * user's id, {@code aud} from an audience mapper), keys rotated by adding a key provider of higher
 * priority and removed by deleting the old one, through the admin REST API. Keycloak's JWKS also
 * publishes an encryption key ({@code use: enc}), which tollgate must leave aside.
 */
class KeycloakIT extends RealProviderContract {
    @Override
    RealProvider provider() {
        return PROVIDERS.keycloak();
    }
}
