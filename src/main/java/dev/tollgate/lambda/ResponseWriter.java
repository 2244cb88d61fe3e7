package dev.tollgate.lambda;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.config.Settings.HttpApiResponse;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Grant;
import dev.tollgate.policy.Policy;
import dev.tollgate.policy.PolicyBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Decision} into the response the event's shape calls for.
 *
 * <ul>
 *   <li>REST TOKEN, REST REQUEST, HTTP API 1.0: {@link IamPolicyResponseV1} (principalId,
 *       policyDocument, context, usageIdentifierKey; the last on REST only).
 *   <li>HTTP API 2.0: {@link SimpleIAMPolicyResponse} ({@code isAuthorized}, context) or, with
 *       {@code TOLLGATE_HTTP_API_RESPONSE=iam}, {@link IamPolicyResponse}.
 *   <li>Unauthenticated: {@link UnauthorizedException} (401), except the simple response, which
 *       says {@code isAuthorized: false}.
 * </ul>
 *
 * <p>The aws-lambda-java-events types are the data model; the wire format is written explicitly
 * with Jackson's streaming generator (field names and order fixed, proven by golden files), which
 * also avoids reflective bean serialization at cold start.
 */
public final class ResponseWriter {
    private final JsonFactory json;
    private final HttpApiResponse httpApiResponse;

    public ResponseWriter(JsonFactory json, HttpApiResponse httpApiResponse) {
        this.json = json;
        this.httpApiResponse = httpApiResponse;
    }

    /** The IAM policy of this decision, or null for Unauthenticated (for logs and metrics). */
    public static Policy policyOf(Decision decision) {
        if (decision instanceof Decision.Allow allow) {
            return PolicyBuilder.build(allow.grant(), allow.route());
        }
        if (decision instanceof Decision.Deny deny) {
            return PolicyBuilder.build(deny.grant(), deny.route());
        }
        return null;
    }

    /**
     * Writes the response.
     *
     * @throws UnauthorizedException for an Unauthenticated decision on an IAM-policy shape
     */
    public void write(EventShape shape, Decision decision, Policy policy, OutputStream out) throws IOException {
        if (shape == EventShape.HTTP_V2 && httpApiResponse == HttpApiResponse.SIMPLE) {
            writeSimple(simpleResponse(decision), out);
            return;
        }
        if (decision instanceof Decision.Unauthenticated) {
            throw new UnauthorizedException();
        }
        Grant grant = decision instanceof Decision.Allow allow ? allow.grant() : ((Decision.Deny) decision).grant();
        if (shape == EventShape.HTTP_V2) {
            IamPolicyResponse.Statement statement = IamPolicyResponse.Statement.builder()
                    .withAction(IamPolicyResponse.EXECUTE_API_INVOKE)
                    .withEffect(policy.effect())
                    .withResource(policy.resources())
                    .build();
            IamPolicyResponse response = new IamPolicyResponse(grant.principalId(),
                    IamPolicyResponse.PolicyDocument.builder()
                            .withVersion(IamPolicyResponse.VERSION_2012_10_17)
                            .withStatement(List.of(statement))
                            .build(),
                    grant.context());
            writeIam(response.getPrincipalId(), IamPolicyResponse.VERSION_2012_10_17, statement.getAction(),
                    statement.getEffect(), statement.getResource(), response.getContext(), null, out);
            return;
        }
        IamPolicyResponseV1.Statement statement = IamPolicyResponseV1.Statement.builder()
                .withAction(IamPolicyResponseV1.EXECUTE_API_INVOKE)
                .withEffect(policy.effect())
                .withResource(policy.resources())
                .build();
        IamPolicyResponseV1 response = new IamPolicyResponseV1(grant.principalId(),
                IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(statement))
                        .build(),
                grant.context(),
                // Usage plans exist on REST APIs only.
                shape == EventShape.HTTP_V1 ? null : grant.usageIdentifierKey());
        writeIam(response.getPrincipalId(), IamPolicyResponseV1.VERSION_2012_10_17, statement.getAction(),
                statement.getEffect(), statement.getResource(), response.getContext(), response.getUsageIdentifierKey(),
                out);
    }

    private static SimpleIAMPolicyResponse simpleResponse(Decision decision) {
        if (decision instanceof Decision.Allow allow) {
            Map<String, String> context = new LinkedHashMap<>();
            allow.grant().context().forEach((key, value) -> context.put(key, String.valueOf(value)));
            return new SimpleIAMPolicyResponse(true, context);
        }
        // A denied or unauthenticated caller learns nothing from the context.
        return new SimpleIAMPolicyResponse(false, null);
    }

    private void writeSimple(SimpleIAMPolicyResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("isAuthorized", response.getIsAuthorized());
            if (response.getContext() != null) {
                g.writeFieldName("context");
                writeValue(g, response.getContext());
            }
            g.writeEndObject();
        }
    }

    /** The IAM response in API Gateway's wire format (PascalCase policy document, one statement). */
    private void writeIam(String principalId, String version, String action, String effect, List<String> resources,
            Map<String, Object> context, String usageIdentifierKey, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("principalId", principalId);
            g.writeObjectFieldStart("policyDocument");
            g.writeStringField("Version", version);
            g.writeArrayFieldStart("Statement");
            g.writeStartObject();
            g.writeStringField("Action", action);
            g.writeStringField("Effect", effect);
            g.writeFieldName("Resource");
            writeValue(g, resources);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            if (context != null && !context.isEmpty()) {
                g.writeFieldName("context");
                writeValue(g, context);
            }
            if (usageIdentifierKey != null) {
                g.writeStringField("usageIdentifierKey", usageIdentifierKey);
            }
            g.writeEndObject();
        }
    }

    /** Writes the maps, lists and scalars the events types hold. */
    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() != null) {
                    g.writeFieldName(String.valueOf(entry.getKey()));
                    writeValue(g, entry.getValue());
                }
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Object[] array) {
            writeValue(g, List.of(array));
        } else if (value instanceof Boolean bool) {
            g.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            g.writeNumber(number.doubleValue());
        } else {
            g.writeString(value.toString());
        }
    }
}
