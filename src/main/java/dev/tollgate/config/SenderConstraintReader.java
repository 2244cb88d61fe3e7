package dev.tollgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.net.Hosts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code TOLLGATE_REQUIRE_BOUND_TOKENS}, the {@code requireBoundTokens} boolean of each
 * {@code TOLLGATE_ISSUERS} entry, {@code TOLLGATE_DPOP_PUBLIC_BASE_URL} and
 * {@code TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES}.
 */
final class SenderConstraintReader {
    static final String REQUIRE_BOUND_TOKENS = "TOLLGATE_REQUIRE_BOUND_TOKENS";
    static final String DPOP_PUBLIC_BASE_URL = "TOLLGATE_DPOP_PUBLIC_BASE_URL";
    static final String DPOP_REPLAY_CACHE_MAX_ENTRIES = "TOLLGATE_DPOP_REPLAY_CACHE_MAX_ENTRIES";
    static final String ISSUER_FIELD = "requireBoundTokens";

    private final EnvironmentVariables vars;

    SenderConstraintReader(EnvironmentVariables vars) {
        this.vars = vars;
    }

    /** @param issuers the trusted issuers, already read */
    SenderConstraintSettings read(List<IssuerSettings> issuers) {
        boolean all = vars.bool(REQUIRE_BOUND_TOKENS, false);
        Set<String> bound = new LinkedHashSet<>();
        for (IssuerSettings issuer : issuers) {
            if (all) {
                bound.add(issuer.issuer());
            }
        }
        String json = vars.raw(IssuersReader.ISSUERS);
        // Parsed whenever present: a substring test would miss the attribute written with a JSON
        // escape, which Jackson reads all the same, and drop its requirement.
        if (json != null) {
            JsonNode root;
            try {
                root = JsonTrees.read(json);
            } catch (JsonProcessingException e) {
                throw new SettingsException(IssuersReader.ISSUERS, "is not valid JSON: " + e.getOriginalMessage());
            }
            for (JsonNode node : root) {
                JsonNode value = node.path(ISSUER_FIELD);
                if (value.isMissingNode()) {
                    continue;
                }
                // Keyed by the entry's issuers: its "issuer", or every issuer string a Cognito preset
                // expands to (both formats, each replica region). Never dropped silently.
                List<String> entryIssuers = entryIssuers(node, issuers);
                String shown = String.join(", ", entryIssuers);
                if (!value.isBoolean()) {
                    throw new SettingsException(IssuersReader.ISSUERS, "issuer " + shown + ": '" + ISSUER_FIELD
                            + "' must be a boolean");
                }
                if (value.booleanValue()) {
                    bound.addAll(entryIssuers);
                } else {
                    bound.removeAll(entryIssuers);
                }
            }
        }
        int maxEntries = vars.integer(DPOP_REPLAY_CACHE_MAX_ENTRIES,
                SenderConstraintSettings.DEFAULT_DPOP_REPLAY_CACHE_MAX_ENTRIES, 100, 10_000_000);
        return new SenderConstraintSettings(bound, publicBaseUrl(), maxEntries);
    }

    /** The issuer strings one TOLLGATE_ISSUERS entry stands for, as the issuers were read. */
    private static List<String> entryIssuers(JsonNode node, List<IssuerSettings> issuers) {
        String issuer = node.path("issuer").isTextual() ? node.path("issuer").asText().strip() : "";
        if (!issuer.isEmpty()) {
            return List.of(issuer);
        }
        String pool = node.path("cognitoUserPoolId").isTextual() ? node.path("cognitoUserPoolId").asText().strip() : "";
        List<String> expanded = new java.util.ArrayList<>();
        for (IssuerSettings candidate : issuers) {
            if (candidate.cognito() != null && candidate.cognito().userPoolId().equals(pool)) {
                expanded.add(candidate.issuer());
            }
        }
        if (expanded.isEmpty()) {
            throw new SettingsException(IssuersReader.ISSUERS, "'" + ISSUER_FIELD
                    + "' is supported on entries with an 'issuer' or a 'cognitoUserPoolId' only");
        }
        return expanded;
    }

    /** An https URL (http on loopback, for local runs) with a host, an optional path prefix, nothing else. */
    private URI publicBaseUrl() {
        String value = vars.raw(DPOP_PUBLIC_BASE_URL);
        if (value == null) {
            return null;
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new SettingsException(DPOP_PUBLIC_BASE_URL, "is not a URI: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new SettingsException(DPOP_PUBLIC_BASE_URL, "must be https://host[:port][/prefix], without query, "
                    + "fragment or user info: " + value);
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && Hosts.isLoopback(uri.getHost()))) {
            throw new SettingsException(DPOP_PUBLIC_BASE_URL, "must use https (http only for loopback hosts): " + value);
        }
        return uri;
    }
}
