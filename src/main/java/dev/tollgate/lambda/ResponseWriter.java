package dev.tollgate.lambda;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.config.HttpApiResponse;
import dev.tollgate.policy.Decision;
import dev.tollgate.policy.Grant;
import dev.tollgate.policy.Policy;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes a {@link Decision} in the response shape the event calls for, from its {@link Policy} and
 * {@link Grant} directly.
 *
 * <ul>
 *   <li>REST TOKEN, REST REQUEST, HTTP API 1.0: the IAM policy response (principalId,
 *       policyDocument, context, usageIdentifierKey; the last on REST only).
 *   <li>HTTP API 2.0: the simple response ({@code isAuthorized}, context) or, with
 *       {@code TOLLGATE_HTTP_API_RESPONSE=iam}, the IAM policy response.
 *   <li>Unauthenticated: {@link UnauthorizedException} (401), except the simple response, which
 *       says {@code isAuthorized: false}.
 * </ul>
 *
 * <p>The wire format is written with Jackson's streaming generator, field names and order fixed
 * (proven by golden files); no bean serialisation runs at cold start. The action and version names
 * are aws-lambda-java-events' constants (compile-time constants: no class of that library loads).
 */
public final class ResponseWriter {
    private final JsonFactory json;
    private final HttpApiResponse httpApiResponse;

    public ResponseWriter(JsonFactory json, HttpApiResponse httpApiResponse) {
        this.json = json;
        this.httpApiResponse = httpApiResponse;
    }

    /**
     * Writes the response.
     *
     * @throws UnauthorizedException for an Unauthenticated decision on an IAM-policy shape
     */
    public void write(EventShape shape, Decision decision, OutputStream out) throws IOException {
        if (shape == EventShape.HTTP_V2 && httpApiResponse == HttpApiResponse.SIMPLE) {
            writeSimple(decision, out);
            return;
        }
        if (!(decision instanceof Decision.Verified verified)) {
            throw new UnauthorizedException();
        }
        Grant grant = verified.grant();
        // Usage plans exist on REST APIs only.
        String usageIdentifierKey = shape == EventShape.HTTP_V1 || shape == EventShape.HTTP_V2
                ? null : grant.usageIdentifierKey();
        writeIam(grant.principalId(), verified.policy(), grant.context(), usageIdentifierKey, out);
    }

    private void writeSimple(Decision decision, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            if (decision instanceof Decision.Allow allow) {
                g.writeBooleanField("isAuthorized", true);
                // Simple responses carry string context values only.
                g.writeObjectFieldStart("context");
                for (Map.Entry<String, Object> entry : allow.grant().context().entrySet()) {
                    g.writeStringField(entry.getKey(), String.valueOf(entry.getValue()));
                }
                g.writeEndObject();
            } else {
                // A denied or unauthenticated caller learns nothing from the context.
                g.writeBooleanField("isAuthorized", false);
            }
            g.writeEndObject();
        }
    }

    /** The IAM response in API Gateway's wire format (PascalCase policy document, every statement). */
    private void writeIam(String principalId, Policy policy, Map<String, Object> context, String usageIdentifierKey,
            OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("principalId", principalId);
            g.writeObjectFieldStart("policyDocument");
            g.writeStringField("Version", IamPolicyResponseV1.VERSION_2012_10_17);
            g.writeArrayFieldStart("Statement");
            for (Policy.Statement statement : policy.statements()) {
                g.writeStartObject();
                g.writeStringField("Action", IamPolicyResponseV1.EXECUTE_API_INVOKE);
                g.writeStringField("Effect", statement.effect());
                g.writeArrayFieldStart("Resource");
                for (String resource : statement.resources()) {
                    g.writeString(resource);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            if (!context.isEmpty()) {
                g.writeObjectFieldStart("context");
                for (Map.Entry<String, Object> entry : context.entrySet()) {
                    if (entry.getValue() != null) {
                        g.writeFieldName(entry.getKey());
                        writeScalar(g, entry.getValue());
                    }
                }
                g.writeEndObject();
            }
            if (usageIdentifierKey != null) {
                g.writeStringField("usageIdentifierKey", usageIdentifierKey);
            }
            g.writeEndObject();
        }
    }

    /** Writes a context value: the grant holds strings, numbers and booleans only. */
    private static void writeScalar(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Boolean bool) {
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
