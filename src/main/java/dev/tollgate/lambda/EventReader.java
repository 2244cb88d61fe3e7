package dev.tollgate.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.json.JsonTrees;
import dev.tollgate.policy.MethodArn;
import dev.tollgate.token.SenderEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads any API Gateway authorizer event into an {@link AuthorizerEvent}, detecting the shape.
 *
 * <p>Reads a JSON tree rather than binding to the aws-lambda-java-events request classes on
 * purpose: hostile or odd input (wrong JSON types, unknown fields, duplicate header spellings) is
 * examined field by field instead of failing inside a data binder, and no bean introspection runs
 * at cold start. Header names are compared case-insensitively (RFC 9110); a request carrying
 * several differing values for the token header is flagged as ambiguous, never resolved by picking
 * one.
 */
final class EventReader {
    private final String tokenHeader;

    EventReader(String tokenHeader) {
        this.tokenHeader = tokenHeader;
    }

    AuthorizerEvent read(InputStream input) throws InvalidEventException {
        JsonNode root;
        try {
            root = JsonTrees.read(input);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("unreadable input: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        String version = text(root, "version");
        String type = text(root, "type");
        if ("2.0".equals(version)) {
            return request(EventShape.HTTP_V2, root, text(root, "routeArn"), "routeArn");
        }
        if ("1.0".equals(version)) {
            return request(EventShape.HTTP_V1, root, text(root, "methodArn"), "methodArn");
        }
        if ("TOKEN".equals(type)) {
            String token = text(root, "authorizationToken");
            return new AuthorizerEvent(EventShape.REST_TOKEN, token, false, route(text(root, "methodArn"), "methodArn"), null,
                    AuthorizerEvent.NO_EVIDENCE);
        }
        if ("REQUEST".equals(type)) {
            return request(EventShape.REST_REQUEST, root, text(root, "methodArn"), "methodArn");
        }
        throw new InvalidEventException("unknown event shape (type=" + abbreviate(type) + ", version=" + abbreviate(version) + ")");
    }

    private AuthorizerEvent request(EventShape shape, JsonNode root, String arn, String arnField)
            throws InvalidEventException {
        MethodArn route = route(arn, arnField);
        Set<String> values = new LinkedHashSet<>();
        collectHeader(root.path("headers"), values);
        collectHeader(root.path("multiValueHeaders"), values);
        if (values.isEmpty()) {
            collectIdentitySource(root.path("identitySource"), values);
        }
        String requestId = text(root.path("requestContext"), "requestId");
        return new AuthorizerEvent(shape, values.isEmpty() ? null : values.iterator().next(), values.size() > 1, route,
                requestId, () -> evidence(shape, root));
    }

    /**
     * What a sender-constrained token is checked against, as raw strings: the mutual-TLS client
     * certificate ({@code requestContext.identity.clientCert.clientCertPem} for REST and HTTP API 1.0,
     * {@code requestContext.authentication.clientCert.clientCertPem} for HTTP API 2.0), the
     * {@code DPoP} header, the method, the {@code Host} header and the path called
     * ({@code requestContext.path}; {@code rawPath} for HTTP API 2.0). Read only when asked.
     */
    static SenderEvidence evidence(EventShape shape, JsonNode root) {
        JsonNode context = root.path("requestContext");
        boolean v2 = shape == EventShape.HTTP_V2;
        String certificate = text((v2 ? context.path("authentication") : context.path("identity")).path("clientCert"),
                "clientCertPem");
        Set<String> proofs = new LinkedHashSet<>();
        boolean repeated = headerValues(root.path("headers"), "DPoP", proofs)
                | headerValues(root.path("multiValueHeaders"), "DPoP", proofs);
        Set<String> hosts = new LinkedHashSet<>();
        headerValues(root.path("headers"), "Host", hosts);
        headerValues(root.path("multiValueHeaders"), "Host", hosts);
        String method = v2 ? text(context.path("http"), "method") : text(root, "httpMethod");
        if (method == null && !v2) {
            method = text(context, "httpMethod");
        }
        String path = v2 ? text(root, "rawPath") : text(context, "path");
        return new SenderEvidence(certificate, proofs.isEmpty() ? null : proofs.iterator().next(),
                repeated || proofs.size() > 1, method, hosts.size() == 1 ? hosts.iterator().next() : null, path);
    }

    /**
     * Adds every text value of header {@code name} (case-insensitive) to {@code values}.
     *
     * @return true when one header field held more than one value (a multi-value array)
     */
    private static boolean headerValues(JsonNode headers, String name, Set<String> values) {
        boolean repeated = false;
        if (!headers.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : headers.properties()) {
            if (!field.getKey().equalsIgnoreCase(name)) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                values.add(value.asText());
            } else if (value.isArray()) {
                repeated |= value.size() > 1;
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        values.add(item.asText());
                    }
                }
            }
        }
        return repeated;
    }

    private void collectHeader(JsonNode headers, Set<String> values) {
        if (!headers.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : headers.properties()) {
            if (!field.getKey().equalsIgnoreCase(tokenHeader)) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                values.add(value.asText());
            } else if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isTextual()) {
                        values.add(item.asText());
                    }
                }
            }
        }
    }

    /**
     * Identity sources hold the values of every configured source (token, route key, ...): take the
     * ones that look like a bearer credential. Payload 2.0 sends an array, 1.0 a string. When none
     * does but a source has a value, that value stands in for the credential, so the refusal is
     * {@code NOT_BEARER} (something other than a bearer token was sent), as for a REST TOKEN event
     * with the same value; {@code MISSING_TOKEN} stays for events that carry no credential at all.
     */
    private static void collectIdentitySource(JsonNode identitySource, Set<String> values) {
        String firstOther = null;
        if (identitySource.isArray()) {
            for (JsonNode item : identitySource) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    continue;
                }
                if (looksLikeBearer(item.asText())) {
                    values.add(item.asText());
                } else if (firstOther == null) {
                    firstOther = item.asText();
                }
            }
        } else if (identitySource.isTextual() && !identitySource.asText().isBlank()) {
            if (looksLikeBearer(identitySource.asText())) {
                values.add(identitySource.asText());
            } else {
                firstOther = identitySource.asText();
            }
        }
        if (values.isEmpty() && firstOther != null) {
            values.add(firstOther);
        }
    }

    private static boolean looksLikeBearer(String value) {
        return value.regionMatches(true, 0, "bearer ", 0, 7) || value.regionMatches(true, 0, "bearer\t", 0, 7);
    }

    private static MethodArn route(String arn, String field) throws InvalidEventException {
        if (arn == null) {
            throw new InvalidEventException(field + " is missing or not a string");
        }
        try {
            return MethodArn.parse(arn);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 16 ? value.substring(0, 16) + "..." : value;
        return shown.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
