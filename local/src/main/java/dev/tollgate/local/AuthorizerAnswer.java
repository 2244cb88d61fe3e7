package dev.tollgate.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Lambda authorizer's answer as API Gateway reads it for the emulated API: an IAM policy
 * ({@link Policy}: REST APIs, HTTP API payload 1.0, payload 2.0 without simple responses) or a
 * simple response ({@link Simple}: payload 2.0 with simple responses).
 */
public sealed interface AuthorizerAnswer {

    /** The context passed to the backend, in answer order; JSON values as the function sent them. */
    Map<String, JsonNode> context();

    /** How the answer decides the request with this method ARN or route ARN. */
    PolicyEvaluator.Verdict verdictFor(String arn);

    /**
     * {@code principalId}, an IAM {@code policyDocument}, an optional {@code context} and an
     * optional {@code usageIdentifierKey} (REST).
     *
     * @param usageIdentifierKey the API key for usage plans; null when absent
     */
    record Policy(String principalId, JsonNode policyDocument, Map<String, JsonNode> context,
            String usageIdentifierKey) implements AuthorizerAnswer {
        public Policy {
            context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
        }

        /** @throws IllegalArgumentException when the document is not a policy the evaluator reads (500) */
        @Override
        public PolicyEvaluator.Verdict verdictFor(String arn) {
            return PolicyEvaluator.evaluate(policyDocument, arn);
        }
    }

    /** {@code {"isAuthorized": true|false, "context": {...}}}. */
    record Simple(boolean authorized, Map<String, JsonNode> context) implements AuthorizerAnswer {
        public Simple {
            context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
        }

        /** The same for every route: the identity sources, not the answer, tell routes apart. */
        @Override
        public PolicyEvaluator.Verdict verdictFor(String arn) {
            return authorized ? PolicyEvaluator.Verdict.ALLOW : PolicyEvaluator.Verdict.IMPLICIT_DENY;
        }
    }

    /**
     * Parses and checks an answer in the format {@code api} expects.
     *
     * @throws IllegalArgumentException when API Gateway would refuse it (it answers 500): not a JSON
     *     object; for a policy no string {@code principalId} or no {@code policyDocument} object; for
     *     a simple response no boolean {@code isAuthorized}; a {@code context} that is not an object;
     *     on REST APIs a context value that is an object or array (strings, numbers and booleans only)
     */
    static AuthorizerAnswer parse(String body, EmulatedApi api) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("authorizer answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("authorizer answer is not a JSON object");
        }
        Map<String, JsonNode> context = context(root.get("context"), !api.isHttp());
        if (api.simpleResponses()) {
            JsonNode authorized = root.get("isAuthorized");
            if (authorized == null || !authorized.isBoolean()) {
                throw new IllegalArgumentException("simple response has no boolean isAuthorized");
            }
            return new Simple(authorized.booleanValue(), context);
        }
        JsonNode principal = root.get("principalId");
        if (principal == null || !principal.isTextual()) {
            throw new IllegalArgumentException("authorizer answer has no string principalId");
        }
        JsonNode policy = root.get("policyDocument");
        if (policy == null || !policy.isObject()) {
            throw new IllegalArgumentException("authorizer answer has no policyDocument object");
        }
        JsonNode key = root.get("usageIdentifierKey");
        return new Policy(principal.asText(), policy, context, key != null && key.isTextual() ? key.asText() : null);
    }

    private static Map<String, JsonNode> context(JsonNode ctx, boolean scalarsOnly) {
        Map<String, JsonNode> context = new LinkedHashMap<>();
        if (ctx == null || ctx.isNull()) {
            return context;
        }
        if (!ctx.isObject()) {
            throw new IllegalArgumentException("authorizer context is not an object");
        }
        for (var field : ctx.properties()) {
            JsonNode value = field.getValue();
            if (scalarsOnly && value.isContainerNode()) {
                throw new IllegalArgumentException("authorizer context value '" + field.getKey()
                        + "' is an object or array; REST allows strings, numbers and booleans only");
            }
            if (!value.isNull()) {
                context.put(field.getKey(), value);
            }
        }
        return context;
    }

    /** The one mapper of the answers. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}
