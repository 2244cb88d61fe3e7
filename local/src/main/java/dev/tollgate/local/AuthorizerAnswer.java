package dev.tollgate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A REST Lambda authorizer's answer as API Gateway reads it: {@code principalId}, an IAM
 * {@code policyDocument}, an optional {@code context} of scalar values and an optional
 * {@code usageIdentifierKey}.
 *
 * @param principalId        the caller, as the backend sees it
 * @param policyDocument     the IAM policy, evaluated per request by {@link PolicyEvaluator}
 * @param context            the context values, stringified as API Gateway passes them on
 * @param usageIdentifierKey the API key for usage plans; null when absent
 */
public record AuthorizerAnswer(String principalId, JsonNode policyDocument, Map<String, String> context,
        String usageIdentifierKey) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AuthorizerAnswer {
        context = Map.copyOf(context);
    }

    /**
     * Parses and checks an answer.
     *
     * @throws IllegalArgumentException when API Gateway would refuse it (it answers 500): not JSON,
     *     no string {@code principalId}, no {@code policyDocument} object, a context value that is an
     *     object or array (REST allows strings, numbers and booleans only)
     */
    public static AuthorizerAnswer parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("authorizer answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("authorizer answer is not a JSON object");
        }
        JsonNode principal = root.get("principalId");
        if (principal == null || !principal.isTextual()) {
            throw new IllegalArgumentException("authorizer answer has no string principalId");
        }
        JsonNode policy = root.get("policyDocument");
        if (policy == null || !policy.isObject()) {
            throw new IllegalArgumentException("authorizer answer has no policyDocument object");
        }
        Map<String, String> context = new LinkedHashMap<>();
        JsonNode ctx = root.get("context");
        if (ctx != null && !ctx.isNull()) {
            if (!ctx.isObject()) {
                throw new IllegalArgumentException("authorizer context is not an object");
            }
            for (var field : ctx.properties()) {
                JsonNode value = field.getValue();
                if (value.isContainerNode()) {
                    throw new IllegalArgumentException("authorizer context value '" + field.getKey()
                            + "' is an object or array; REST allows strings, numbers and booleans only");
                }
                if (!value.isNull()) {
                    context.put(field.getKey(), value.asText());
                }
            }
        }
        JsonNode key = root.get("usageIdentifierKey");
        return new AuthorizerAnswer(principal.asText(), policy, context,
                key != null && key.isTextual() ? key.asText() : null);
    }
}
