package dev.tollgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.net.Hosts;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the trusted issuers: one from {@code TOLLGATE_ISSUER} and its companions, or several from the
 * JSON array of {@code TOLLGATE_ISSUERS} (never both). Key material travels only over https; plain
 * http is allowed for loopback hosts, so tests and local runs can serve keys, and elsewhere only with
 * {@value #ALLOW_PLAIN_HTTP} (or an entry's {@code allowPlainHttp}) for an identity provider inside a
 * private network. An entry with {@code cognitoUserPoolId} is read by {@link CognitoPresetReader}.
 */
final class IssuersReader {
    static final String ISSUERS = "TOLLGATE_ISSUERS";
    static final String ALLOW_PLAIN_HTTP = "TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER";

    private final EnvironmentVariables vars;

    IssuersReader(EnvironmentVariables vars) {
        this.vars = vars;
    }

    /** @throws SettingsException naming the first bad or missing variable */
    List<IssuerSettings> issuers() {
        String json = vars.raw(ISSUERS);
        if (json != null) {
            for (String single : List.of("TOLLGATE_ISSUER", "TOLLGATE_AUDIENCE", "TOLLGATE_JWKS_URI")) {
                if (vars.raw(single) != null) {
                    throw new SettingsException(ISSUERS, "cannot be combined with " + single);
                }
            }
            return fromJson(json, vars.bool(ALLOW_PLAIN_HTTP, false));
        }
        String issuer = vars.required("TOLLGATE_ISSUER");
        return List.of(issuer("TOLLGATE_ISSUER", issuer, new LinkedHashSet<>(vars.requiredList("TOLLGATE_AUDIENCE")),
                vars.bool("TOLLGATE_ACCEPT_CLIENT_ID_AS_AUDIENCE", false), vars.raw("TOLLGATE_JWKS_URI"),
                "TOLLGATE_JWKS_URI", inlineJwks(), vars.bool(ALLOW_PLAIN_HTTP, false)));
    }

    private String inlineJwks() {
        String inline = vars.raw("TOLLGATE_JWKS_JSON");
        String file = vars.raw("TOLLGATE_JWKS_FILE");
        if (inline != null && file != null) {
            throw new SettingsException("TOLLGATE_JWKS_FILE", "cannot be combined with TOLLGATE_JWKS_JSON");
        }
        if (file != null) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new SettingsException("TOLLGATE_JWKS_FILE", "cannot be read: " + file + " (" + e + ")");
            }
        }
        return inline;
    }

    private List<IssuerSettings> fromJson(String json, boolean allowPlainHttpByDefault) {
        JsonNode root;
        try {
            root = JsonTrees.read(json);
        } catch (JsonProcessingException e) {
            throw new SettingsException(ISSUERS, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (!root.isArray() || root.isEmpty()) {
            throw new SettingsException(ISSUERS, "must be a non-empty JSON array of issuer objects");
        }
        List<IssuerSettings> issuers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode node : root) {
            requireKnownAttributes(node);
            boolean allowPlainHttp = allowPlainHttp(node, allowPlainHttpByDefault);
            if (CognitoPresetReader.isPreset(node)) {
                for (IssuerSettings pool : CognitoPresetReader.read(node, allowPlainHttp)) {
                    if (!seen.add(pool.issuer())) {
                        throw new SettingsException(ISSUERS, "lists issuer " + pool.issuer() + " twice");
                    }
                    issuers.add(pool);
                }
                continue;
            }
            String issuer = node.path("issuer").isTextual() ? node.get("issuer").asText().strip() : "";
            if (issuer.isEmpty()) {
                throw new SettingsException(ISSUERS, "has an entry without a string 'issuer'");
            }
            if (!seen.add(issuer)) {
                throw new SettingsException(ISSUERS, "lists issuer " + issuer + " twice");
            }
            Set<String> audiences = new LinkedHashSet<>();
            for (JsonNode audience : node.path("audiences")) {
                if (audience.isTextual() && !audience.asText().isBlank()) {
                    audiences.add(audience.asText().strip());
                }
            }
            if (audiences.isEmpty()) {
                throw new SettingsException(ISSUERS, "issuer " + issuer + " needs a non-empty 'audiences' array");
            }
            JsonNode clientId = node.path("acceptClientIdAsAudience");
            if (!clientId.isMissingNode() && !clientId.isBoolean()) {
                throw new SettingsException(ISSUERS, "issuer " + issuer + ": 'acceptClientIdAsAudience' must be a boolean");
            }
            JsonNode jwksUri = node.path("jwksUri");
            JsonNode jwks = node.path("jwks");
            String rolesClaim = rolesClaim(node, issuer);
            issuers.add(issuer(ISSUERS, issuer, audiences, clientId.asBoolean(false),
                    jwksUri.isTextual() ? jwksUri.asText() : null, ISSUERS,
                    jwks.isObject() ? JsonTrees.write(jwks) : null, allowPlainHttp).withRolesClaim(rolesClaim));
        }
        return List.copyOf(issuers);
    }

    /** The attributes an issuer entry may have; a Cognito entry's differ in naming its issuers. */
    private static final Set<String> ISSUER_ATTRIBUTES = Set.of("issuer", "audiences", "acceptClientIdAsAudience",
            "jwksUri", "jwks", "rolesClaim", "routeScopes", "allowPlainHttp", "requireBoundTokens");
    private static final Set<String> POOL_ATTRIBUTES = Set.of(CognitoPresetReader.POOL_ID, "tokenUse", "clientIds",
            "replicaRegions", "jwksUri", "jwks", "rolesClaim", "routeScopes", "allowPlainHttp", "requireBoundTokens");

    /**
     * Refuses an entry that is not an object or has an attribute tollgate does not know: a misspelt
     * {@code "requireBoundToken"} or {@code "routeScope"} would otherwise drop a requirement
     * without a word, which fails open.
     */
    private static void requireKnownAttributes(JsonNode node) {
        if (!node.isObject()) {
            throw new SettingsException(ISSUERS, "must be a JSON array of issuer objects");
        }
        boolean pool = CognitoPresetReader.isPreset(node);
        Set<String> known = pool ? POOL_ATTRIBUTES : ISSUER_ATTRIBUTES;
        for (java.util.Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String refused = name.length() > 40 ? name.substring(0, 40) + "..." : name;
                // Attributes a Cognito entry refuses by name get CognitoPresetReader's clearer message.
                if (pool && ISSUER_ATTRIBUTES.contains(name)) {
                    continue;
                }
                throw new SettingsException(ISSUERS, "has an entry with the unknown attribute '"
                        + refused.replaceAll("[^\\x20-\\x7e]", "?") + "' (" + (pool ? "a Cognito entry takes " : "an issuer entry takes ")
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** The entry's {@code allowPlainHttp} when it has one, else {@code TOLLGATE_ALLOW_PLAIN_HTTP_ISSUER}. */
    private static boolean allowPlainHttp(JsonNode node, boolean byDefault) {
        JsonNode value = node.path("allowPlainHttp");
        if (value.isMissingNode()) {
            return byDefault;
        }
        if (!value.isBoolean()) {
            throw new SettingsException(ISSUERS, "has an entry whose 'allowPlainHttp' is not a boolean");
        }
        return value.booleanValue();
    }

    /** The entry's {@code rolesClaim}: null when absent (TOLLGATE_ROLES_CLAIM applies), else a non-blank string. */
    static String rolesClaim(JsonNode node, String issuer) {
        JsonNode value = node.path("rolesClaim");
        if (value.isMissingNode()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new SettingsException(ISSUERS, "issuer " + issuer + ": 'rolesClaim' must be a non-blank string");
        }
        return value.asText().strip();
    }

    private static IssuerSettings issuer(String name, String issuer, Set<String> audiences, boolean acceptClientId,
            String jwksUri, String jwksUriName, String jwksJson, boolean allowPlainHttp) {
        URI issuerUri;
        try {
            issuerUri = new URI(issuer);
        } catch (Exception e) {
            throw new SettingsException(name, "issuer is not a URI: " + issuer);
        }
        URI uri = null;
        if (jwksJson == null) {
            // Keys come over the network: both the issuer (for discovery) and the JWKS URI must be https.
            if (jwksUri == null) {
                requireHttps(name, issuerUri, allowPlainHttp);
            } else {
                try {
                    uri = new URI(jwksUri);
                } catch (URISyntaxException e) {
                    throw new SettingsException(jwksUriName, "is not a URI: " + jwksUri);
                }
                requireHttps(jwksUriName, uri, allowPlainHttp);
            }
        }
        return new IssuerSettings(issuer, audiences, acceptClientId, uri, jwksJson, null, null, allowPlainHttp);
    }

    /** @throws SettingsException naming {@code name} unless {@code uri} is https, or http where allowed */
    static void requireHttps(String name, URI uri, boolean allowPlainHttp) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new SettingsException(name, "must be an absolute https URI: " + uri);
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && (allowPlainHttp || Hosts.isLoopback(uri.getHost()))) {
            return;
        }
        throw new SettingsException(name, "must use https (http is allowed only for loopback hosts, or with "
                + ALLOW_PLAIN_HTTP + "=true or the entry's allowPlainHttp inside a private network): " + uri);
    }
}
