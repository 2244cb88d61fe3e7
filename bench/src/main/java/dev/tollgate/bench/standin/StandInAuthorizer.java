package dev.tollgate.bench.standin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A plain nimbus-jose-jwt + SDK v2 REST TOKEN authorizer, used only to develop and check the
 * harness while tollgate's own handler is not in the function jar ({@code --function standin}).
 * It does the same external work as tollgate on a cold start: JWKS fetch, RS256 verification,
 * one DynamoDB GetItem. It is not tollgate and its figures are not tollgate's.
 */
public final class StandInAuthorizer implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.create()).build();
    private final String table = System.getenv("TOLLGATE_PERMISSIONS_TABLE");

    public StandInAuthorizer() throws IOException {
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .create(new URL(System.getenv("TOLLGATE_JWKS_URI"))).build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                System.getenv("TOLLGATE_AUDIENCE"),
                new JWTClaimsSet.Builder().issuer(System.getenv("TOLLGATE_ISSUER")).build(),
                Set.of("sub", "exp", "iat")));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String header = event.path("authorizationToken").asText("");
        String methodArn = event.path("methodArn").asText("");
        JWTClaimsSet claims;
        try {
            claims = processor.process(header.startsWith("Bearer ") ? header.substring(7) : header, null);
        } catch (Exception e) {
            throw new RuntimeException("Unauthorized");
        }
        String principal = claims.getSubject();
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of("principal", AttributeValue.fromS(principal)))).item();
        List<String> permissions = item == null || !item.containsKey("permissions") ? List.of()
                : item.get("permissions").ss();
        // methodArn: arn:aws:execute-api:region:account:api/stage/METHOD/path...
        String[] parts = methodArn.split(":", 6)[5].split("/", 4);
        String route = parts[2] + " /" + (parts.length > 3 ? parts[3] : "");
        boolean allow = permissions.stream().anyMatch(p -> matches(p, route));
        ObjectNode answer = JSON.createObjectNode().put("principalId", principal);
        ObjectNode statement = answer.putObject("policyDocument").put("Version", "2012-10-17")
                .putArray("Statement").addObject();
        statement.put("Action", "execute-api:Invoke").put("Effect", allow ? "Allow" : "Deny")
                .put("Resource", methodArn);
        JSON.writeValue(output, answer);
    }

    private static boolean matches(String permission, String route) {
        return permission.endsWith("*") ? route.startsWith(permission.substring(0, permission.length() - 1))
                : permission.equals(route);
    }
}
