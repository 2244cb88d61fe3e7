package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code TOLLGATE_ISSUERS} entry with {@code cognitoUserPoolId} into one
 * {@link IssuerSettings} per issuer the pool's tokens may name ({@link CognitoPreset#issuers()}), all
 * sharing one {@link CognitoPreset}:
 *
 * <pre>{"cognitoUserPoolId": "us-east-1_AbCdEf123", "tokenUse": "access", "clientIds": ["..."],
 *  "replicaRegions": ["eu-west-1"], "jwksUri": "https://...", "rolesClaim": "cognito:groups"}</pre>
 *
 * {@code replicaRegions}, {@code jwksUri} (or an inline {@code jwks}), {@code rolesClaim},
 * {@code routeScopes} and {@code allowPlainHttp} are optional. {@code issuer}, {@code audiences} and
 * {@code acceptClientIdAsAudience} are refused: the pool id names the issuers, and {@code clientIds}
 * with {@code tokenUse} say which claim names the client.
 */
final class CognitoPresetReader {
    static final String POOL_ID = "cognitoUserPoolId";
    private static final String ISSUERS = IssuersReader.ISSUERS;

    private CognitoPresetReader() {}

    /** True when {@code entry} describes a Cognito user pool. */
    static boolean isPreset(JsonNode entry) {
        return entry.has(POOL_ID);
    }

    /**
     * The issuers an entry names: a pool's issuers, else the entry's {@code issuer} (stripped; empty
     * when it has none).
     *
     * @throws SettingsException for a malformed Cognito entry
     */
    static List<String> issuerNames(JsonNode entry) {
        if (!isPreset(entry)) {
            return List.of(entry.path("issuer").asText().strip());
        }
        return preset(entry).issuers();
    }

    /**
     * @param allowPlainHttp whether a plain-http {@code jwksUri} on a non-loopback host is allowed
     * @throws SettingsException naming {@code TOLLGATE_ISSUERS} and the pool for a bad attribute
     */
    static List<IssuerSettings> read(JsonNode entry, boolean allowPlainHttp) {
        CognitoPreset preset = preset(entry);
        String where = "user pool " + preset.userPoolId();
        JsonNode jwks = entry.path("jwks");
        if (!jwks.isMissingNode() && !jwks.isObject()) {
            throw new SettingsException(ISSUERS, where + ": 'jwks' must be a JWK set object");
        }
        String jwksJson = jwks.isObject() ? JsonTrees.write(jwks) : null;
        if (jwksJson != null && preset.jwksUri() != null) {
            throw new SettingsException(ISSUERS, where + ": 'jwksUri' and 'jwks' exclude each other");
        }
        if (preset.jwksUri() != null) {
            IssuersReader.requireHttps(ISSUERS, preset.jwksUri(), allowPlainHttp);
        }
        String rolesClaim = IssuersReader.rolesClaim(entry, preset.userPoolId());
        List<IssuerSettings> issuers = new ArrayList<>();
        for (String issuer : preset.issuers()) {
            URI keys = jwksJson != null ? null
                    : preset.jwksUri() != null ? preset.jwksUri() : CognitoPreset.jwksUriOf(issuer);
            issuers.add(new IssuerSettings(issuer, preset.clientIds(), false, keys, jwksJson, rolesClaim, preset,
                    allowPlainHttp));
        }
        return List.copyOf(issuers);
    }

    private static CognitoPreset preset(JsonNode entry) {
        JsonNode poolId = entry.path(POOL_ID);
        if (!poolId.isTextual() || poolId.asText().isBlank()) {
            throw new SettingsException(ISSUERS, "has an entry whose '" + POOL_ID + "' is not a non-blank string");
        }
        String where = "user pool " + poolId.asText().strip();
        for (String refused : List.of("issuer", "audiences", "acceptClientIdAsAudience")) {
            if (entry.has(refused)) {
                throw new SettingsException(ISSUERS, where + ": '" + refused + "' does not apply to a Cognito entry"
                        + " (the pool id names the issuers, 'clientIds' the accepted clients)");
            }
        }
        JsonNode tokenUseNode = entry.path("tokenUse");
        CognitoPreset.TokenUse tokenUse = tokenUseNode.isTextual()
                ? CognitoPreset.TokenUse.of(tokenUseNode.asText()) : null;
        if (tokenUse == null) {
            throw new SettingsException(ISSUERS, where + ": 'tokenUse' must be \"access\" or \"id\"");
        }
        Set<String> clientIds = new LinkedHashSet<>(strings(entry, "clientIds", where));
        if (clientIds.isEmpty()) {
            throw new SettingsException(ISSUERS, where + " needs a non-empty 'clientIds' array of strings");
        }
        List<String> replicaRegions = strings(entry, "replicaRegions", where);
        URI jwksUri = null;
        JsonNode jwksUriNode = entry.path("jwksUri");
        if (!jwksUriNode.isMissingNode()) {
            if (!jwksUriNode.isTextual()) {
                throw new SettingsException(ISSUERS, where + ": 'jwksUri' must be a string");
            }
            try {
                jwksUri = new URI(jwksUriNode.asText().strip());
            } catch (URISyntaxException e) {
                throw new SettingsException(ISSUERS, where + ": 'jwksUri' is not a URI: " + jwksUriNode.asText());
            }
        }
        try {
            return new CognitoPreset(poolId.asText().strip(), tokenUse, clientIds, replicaRegions, jwksUri);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(ISSUERS, e.getMessage());
        }
    }

    /** An optional array of non-blank strings, each stripped, in order; empty when absent. */
    private static List<String> strings(JsonNode entry, String field, String where) {
        JsonNode array = entry.path(field);
        List<String> values = new ArrayList<>();
        if (array.isMissingNode()) {
            return values;
        }
        if (!array.isArray()) {
            throw new SettingsException(ISSUERS, where + ": '" + field + "' must be an array of strings");
        }
        for (JsonNode item : array) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new SettingsException(ISSUERS, where + ": '" + field + "' holds a value that is not a non-blank string");
            }
            values.add(item.asText().strip());
        }
        return values;
    }
}
