package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.Context;
import dev.tollgate.config.HttpApiResponse;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.dynamodb.DynamoDbPermissionStore;
import dev.tollgate.testing.DevKey;
import dev.tollgate.testing.EventTokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code template.yaml} consistent with the code and with its deployment rules (README.md),
 * without SAM, Docker or AWS: the template is parsed (short-form tags included) and inspected.
 */
class TemplateConsistencyTest {

    static final String HANDLER = dev.tollgate.lambda.AuthorizerHandler.HANDLER;
    static final String FUNCTION_ID = "AuthorizerFunction";
    static final String TABLE_ID = "PermissionsTable";
    /** Variables set on the function that tollgate itself does not read, and who reads them. */
    static final Map<String, String> READ_BY_OTHERS = Map.of(
            "JAVA_TOOL_OPTIONS", "the JVM",
            "AWS_ENDPOINT_URL_DYNAMODB", "the AWS SDK (local development only)");

    static Map<String, Object> template;

    @BeforeAll
    static void load() {
        template = CfnYaml.load(DevKey.projectDir().resolve("template.yaml"));
    }

    @Test
    void templateWhenParsedThenIsSamWithTheServerlessTransform() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(resource(FUNCTION_ID).get("Type")).isEqualTo("AWS::Serverless::Function");
    }

    @Test
    void handlerWhenNamedThenIsThePublicContract() {
        assertThat(function().get("Handler")).isEqualTo(HANDLER);
        assertThat(function().get("CodeUri")).isEqualTo(".");
    }

    @Test
    void handlerWhenClassLoadedThenHasTheStreamHandlerMethod() throws Exception {
        String className = HANDLER.substring(0, HANDLER.indexOf("::"));
        String methodName = HANDLER.substring(HANDLER.indexOf("::") + 2);
        Class<?> handler;
        try {
            handler = Class.forName(className);
        } catch (ClassNotFoundException e) {
            handler = null;
        }
        assumeTrue(handler != null, className + " is not on this branch yet");
        Method method = handler.getMethod(methodName, InputStream.class, OutputStream.class, Context.class);
        assertThat(Modifier.isPublic(method.getModifiers())).isTrue();
        assertThat(handler.getConstructor()).as("Lambda needs a public no-argument constructor").isNotNull();
    }

    @Test
    void environmentWhenSetThenEveryVariableIsReadByTollgateOrNamedReader() {
        for (String name : environment().keySet()) {
            assertThat(SettingsReader.VARIABLES.contains(name) || READ_BY_OTHERS.containsKey(name))
                    .as("%s is set in template.yaml but nothing reads it", name)
                    .isTrue();
        }
    }

    @Test
    void environmentWhenSetThenHoldsWhatTollgateRequires() {
        Map<String, Object> env = environment();
        assertThat(env.containsKey("TOLLGATE_ISSUER") || env.containsKey("TOLLGATE_ISSUERS")).isTrue();
        assertThat(env).containsKeys("TOLLGATE_AUDIENCE", "TOLLGATE_PERMISSIONS_TABLE");
        assertThat(env.get("TOLLGATE_PERMISSIONS_TABLE")).isEqualTo(Map.of("Ref", TABLE_ID));
        assertThat(env.get("TOLLGATE_JWKS_URI"))
                .as("an empty JWKS URI must leave the variable unset, so discovery is used")
                .isEqualTo(Map.of("Fn::If", List.of("HasJwksUri", Map.of("Ref", "JwksUri"), Map.of("Ref", "AWS::NoValue"))));
        assertThat((String) env.get("JAVA_TOOL_OPTIONS")).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void environmentWhenResolvedWithParameterDefaultsThenSettingsAcceptIt() {
        Map<String, String> values = Map.of("Issuer", "https://issuer.example.com", "Audience", "orders-api");
        Map<String, String> env = resolveEnvironment(values);
        assertThatCode(() -> SettingsReader.read(env)).doesNotThrowAnyException();
        assertThat(env).doesNotContainKeys("TOLLGATE_JWKS_URI", "AWS_ENDPOINT_URL_DYNAMODB");
        assertThat(SettingsReader.read(env).edge().httpApiResponse()).isEqualTo(HttpApiResponse.SIMPLE);

        Map<String, String> withUri = new HashMap<>(values);
        withUri.put("JwksUri", "https://issuer.example.com/keys");
        Map<String, String> resolved = resolveEnvironment(withUri);
        assertThat(resolved).containsEntry("TOLLGATE_JWKS_URI", "https://issuer.example.com/keys");
        assertThat(SettingsReader.read(resolved).verifier().issuers().get(0).jwksUri()).hasToString("https://issuer.example.com/keys");
    }

    @Test
    void snapStartWhenEnabledThenOnPublishedVersionsBehindAnAlias() {
        Map<String, Object> fn = function();
        // A parameter, on by default; either value keeps the alias that API Gateway calls.
        assertThat(map(fn.get("SnapStart"))).containsEntry("ApplyOn", Map.of("Ref", "SnapStart"));
        Map<String, Object> parameter = map(parameters().get("SnapStart"));
        assertThat(list(parameter.get("AllowedValues"))).containsExactlyInAnyOrder("PublishedVersions", "None");
        assertThat(parameter.get("Default")).isEqualTo("PublishedVersions");
        assertThat(fn.get("AutoPublishAlias")).isInstanceOf(String.class).asString().isNotBlank();
        // A parameter, java21 by default (its description cites the recorded figures).
        assertThat(fn.get("Runtime")).isEqualTo(Map.of("Ref", "Runtime"));
        Map<String, Object> runtime = map(parameters().get("Runtime"));
        assertThat(list(runtime.get("AllowedValues"))).containsExactly("java21", "java25");
        assertThat(runtime.get("Default")).isEqualTo("java21");
        assertThat((String) runtime.get("Description")).contains("bench/docs/results.md");
        assertThat((String) parameter.get("Description")).contains("bench/docs/results.md");
        assertThat(fn.get("Architectures")).isEqualTo(List.of(Map.of("Ref", "Architecture")));
        assertThat(list(map(parameters().get("Architecture")).get("AllowedValues"))).containsExactlyInAnyOrder("x86_64", "arm64");
        assertThat(fn.get("MemorySize")).isEqualTo(Map.of("Ref", "MemorySize"));
        assertThat(map(parameters().get("MemorySize")).get("Default")).isEqualTo(1024);
        assertThat((Integer) fn.get("Timeout")).isBetween(3, 30);
    }

    @Test
    void policiesWhenListedThenExactlyGetItemAndBatchGetItemOnTheTable() {
        List<Object> policies = list(function().get("Policies"));
        assertThat(policies).hasSize(1);
        List<Object> statements = list(map(policies.get(0)).get("Statement"));
        assertThat(statements).hasSize(1);
        Map<String, Object> statement = map(statements.get(0));
        assertThat(statement.get("Effect")).isEqualTo("Allow");
        assertThat(list(statement.get("Action"))).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:BatchGetItem");
        assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(TABLE_ID, "Arn")));
        assertThat(statement).doesNotContainKeys("NotAction", "NotResource", "Condition");
        assertThat(function()).doesNotContainKeys("Role", "ManagedPolicyArns", "PermissionsBoundary");
    }

    @Test
    void authorizersWhenDeclaredThenEveryOneInvokesTheAliasOnceItExists() {
        List<Map<String, Object>> authorizers = authorizers("AWS::Serverless::Api");
        authorizers.addAll(authorizers("AWS::Serverless::HttpApi"));
        assertThat(authorizers).hasSizeGreaterThanOrEqualTo(3);
        for (Map<String, Object> authorizer : authorizers) {
            assertThat(authorizer.get("FunctionArn")).isEqualTo(aliasArn());
            assertThat(authorizer.get("DisableFunctionDefaultPermissions")).isNotEqualTo(true);
        }
        for (String type : List.of("AWS::Serverless::Api", "AWS::Serverless::HttpApi")) {
            resourcesOfType(type).forEach((id, api) -> assertThat(dependsOn(api))
                    .as("%s: its invoke permission (SAM's, referencing the API) must follow the alias", id)
                    .contains(aliasLogicalId()));
        }
        for (Map<String, Object> permission : resourcesOfType("AWS::Lambda::Permission").values()) {
            Object name = map(permission.get("Properties")).get("FunctionName");
            if (String.valueOf(name).contains(FUNCTION_ID)) {
                assertThat(name).as("explicit invoke permissions must target the alias").isIn(aliasArn(),
                        Map.of("Ref", FUNCTION_ID + ".Alias"));
            }
        }
        // Nothing may call $LATEST, which has no SnapStart snapshot: the function's ARN appears only
        // qualified by the alias.
        List<Object> arns = new ArrayList<>();
        collectSubs(template.get("Resources"), arns);
        for (Object sub : arns) {
            if (String.valueOf(sub).contains("${" + FUNCTION_ID + ".Arn}")) {
                assertThat(sub).isEqualTo(aliasArn().get("Fn::Sub"));
            }
        }
        assertThat(references(template.get("Resources"))).filteredOn(r -> r.equals(FUNCTION_ID + ".Arn"))
                .hasSameSizeAs(arns.stream().filter(a -> String.valueOf(a).contains("${" + FUNCTION_ID + ".Arn}")).toList());
    }

    @Test
    void restAuthorizersWhenDeclaredThenTokenAndRequestReadTheAuthorizationHeader() {
        Map<String, Object> token = authorizer("AWS::Serverless::Api", "TOKEN");
        Map<String, Object> tokenIdentity = map(token.get("Identity"));
        assertThat(tokenIdentity.get("Header")).isEqualTo("Authorization");
        // REST API identities take intrinsics (SAM's schema: SamIntrinsicable[int]).
        assertThat(tokenIdentity.get("ReauthorizeEvery")).isEqualTo(Map.of("Ref", "AuthorizerResultTtlSeconds"));
        Pattern validation = Pattern.compile((String) tokenIdentity.get("ValidationExpression"));
        String bearer = "Bearer " + DevKey.sign(DevKey.privateKey(), EventTokens.claims(EventTokens.Kind.VALID));
        assertThat(validation.matcher(bearer).matches()).as("a real token passes the validation expression").isTrue();
        assertThat(validation.matcher("Basic YWxpY2U6c2VjcmV0").matches()).isFalse();

        Map<String, Object> request = authorizer("AWS::Serverless::Api", "REQUEST");
        Map<String, Object> requestIdentity = map(request.get("Identity"));
        assertThat(list(requestIdentity.get("Headers"))).contains("Authorization");
        assertThat(requestIdentity.get("ReauthorizeEvery")).isEqualTo(Map.of("Ref", "AuthorizerResultTtlSeconds"));
    }

    @Test
    void httpApiAuthorizerWhenDeclaredThenPayload2SimpleResponsesAndRouteKeyWhenCaching() {
        List<Map<String, Object>> authorizers = authorizers("AWS::Serverless::HttpApi");
        assertThat(authorizers).isNotEmpty();
        for (Map<String, Object> authorizer : authorizers) {
            assertThat(authorizer.get("AuthorizerPayloadFormatVersion")).isEqualTo("2.0");
            assertThat(authorizer.get("EnableSimpleResponses")).isEqualTo(true);
            assertThat(authorizer.get("EnableFunctionDefaultPermissions"))
                    .as("SAM adds no invoke permission for HTTP API authorizers unless asked")
                    .isEqualTo(true);
            Map<String, Object> identity = map(authorizer.get("Identity"));
            assertThat(list(identity.get("Headers"))).contains("Authorization");
            // SAM's published schema types HttpApi's Identity.ReauthorizeEvery as a plain integer (no
            // intrinsic), and the translator copies it verbatim into the OpenAPI body.
            assertThat(identity.get("ReauthorizeEvery")).isInstanceOf(Integer.class);
            Map<String, Object> ttl = map(parameters().get("AuthorizerResultTtlSeconds"));
            assertThat((Integer) identity.get("ReauthorizeEvery")).isEqualTo(ttl.get("Default"))
                    .isBetween((Integer) ttl.get("MinValue"), (Integer) ttl.get("MaxValue"));
            if (mayCache(identity.get("ReauthorizeEvery"))) {
                // A simple response allows or denies every route; cache it per route only.
                assertThat(list(identity.get("Context"))).contains("routeKey");
            }
        }
        assertThat(environment().get("TOLLGATE_HTTP_API_RESPONSE")).isEqualTo("simple");
    }

    @Test
    void tableWhenDeclaredThenOnDemandRecoverableEncryptedKeyedByPrincipalAndRetained() {
        Map<String, Object> table = resource(TABLE_ID);
        assertThat(table.get("Type")).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(table.get("UpdateReplacePolicy")).isEqualTo("Retain");
        Map<String, Object> properties = map(table.get("Properties"));
        assertThat(properties.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(map(properties.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(map(properties.get("SSESpecification"))).containsEntry("SSEEnabled", true);
        assertThat(properties.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "principal", "KeyType", "HASH")));
        assertThat(properties.get("AttributeDefinitions"))
                .isEqualTo(List.of(Map.of("AttributeName", "principal", "AttributeType", "S")));
    }

    @Test
    void tableWhenDeclaredThenTimeToLiveOnTheDenyItemsExpiresAt() {
        Map<String, Object> properties = map(resource(TABLE_ID).get("Properties"));
        assertThat(map(properties.get("TimeToLiveSpecification")))
                .isEqualTo(Map.of("AttributeName", DynamoDbPermissionStore.EXPIRES_AT, "Enabled", true));
    }

    @Test
    void loggingWhenConfiguredThenJsonIntoALogGroupWithRetention() {
        Map<String, Object> logging = map(function().get("LoggingConfig"));
        assertThat(logging.get("LogFormat")).isEqualTo("JSON");
        assertThat(logging.get("ApplicationLogLevel")).isEqualTo(Map.of("Ref", "ApplicationLogLevel"));
        assertThat(logging.get("SystemLogLevel")).isEqualTo(Map.of("Ref", "SystemLogLevel"));
        String logGroupId = (String) map(logging.get("LogGroup")).get("Ref");
        Map<String, Object> logGroup = resource(logGroupId);
        assertThat(logGroup.get("Type")).isEqualTo("AWS::Logs::LogGroup");
        assertThat(map(logGroup.get("Properties")).get("RetentionInDays")).isEqualTo(Map.of("Ref", "LogRetentionInDays"));
    }

    @Test
    void outputsWhenListedThenApiUrlsAliasArnAndTableName() {
        Map<String, Object> outputs = map(template.get("Outputs"));
        assertThat(outputs).containsKeys("TokenRestApiUrl", "RequestRestApiUrl", "HttpApiUrl",
                "AuthorizerFunctionAliasArn", "PermissionsTableName");
        assertThat(map(outputs.get("AuthorizerFunctionAliasArn")).get("Value")).isEqualTo(Map.of("Ref", FUNCTION_ID + ".Alias"));
        assertThat(map(outputs.get("PermissionsTableName")).get("Value")).isEqualTo(Map.of("Ref", TABLE_ID));
    }

    @Test
    void referencesWhenUsedThenEveryTargetExists() {
        Set<String> known = new HashSet<>(parameters().keySet());
        known.addAll(map(template.get("Resources")).keySet());
        known.addAll(List.of("AWS::AccountId", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId",
                "AWS::StackName", "AWS::URLSuffix", "AWS::NotificationARNs"));
        resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
            if (map(fn.get("Properties")).containsKey("AutoPublishAlias")) {
                known.add(id + ".Alias");
                known.add(id + ".Version");
            }
        });
        for (String reference : references(template)) {
            String target = reference.endsWith(".Arn") || reference.matches("[A-Za-z0-9]+\\.[A-Za-z]+(\\.[A-Za-z]+)?")
                    && !known.contains(reference) ? reference.substring(0, reference.indexOf('.')) : reference;
            assertThat(known).as("reference %s", reference).contains(target);
        }
        Set<String> conditions = template.containsKey("Conditions") ? map(template.get("Conditions")).keySet() : Set.of();
        for (String condition : conditionsUsed(template.get("Resources"))) {
            assertThat(conditions).contains(condition);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static Map<String, Object> resource(String id) {
        Object resource = map(template.get("Resources")).get(id);
        assertThat(resource).as("resource %s", id).isNotNull();
        return map(resource);
    }

    static Map<String, Object> function() {
        return map(resource(FUNCTION_ID).get("Properties"));
    }

    static Map<String, Object> environment() {
        return map(map(function().get("Environment")).get("Variables"));
    }

    static Map<String, Object> parameters() {
        return map(template.get("Parameters"));
    }

    static Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    /** {@code arn:...:function:<name>:<alias>}: the form API Gateway invokes and sam local start-api reads. */
    static Map<String, Object> aliasArn() {
        return Map.of("Fn::Sub", "${" + FUNCTION_ID + ".Arn}:" + function().get("AutoPublishAlias"));
    }

    /** The logical id SAM gives the alias of AutoPublishAlias: {@code <function>Alias<name>}. */
    static String aliasLogicalId() {
        return FUNCTION_ID + "Alias" + function().get("AutoPublishAlias");
    }

    static List<Object> dependsOn(Map<String, Object> resource) {
        Object value = resource.get("DependsOn");
        return value == null ? List.of() : value instanceof List ? list(value) : List.of(value);
    }

    private static void collectSubs(Object node, List<Object> found) {
        if (node instanceof Map) {
            Map<String, Object> m = map(node);
            if (m.size() == 1 && m.containsKey("Fn::Sub")) {
                Object sub = m.get("Fn::Sub");
                found.add(sub instanceof List ? list(sub).get(0) : sub);
                return;
            }
            m.values().forEach(v -> collectSubs(v, found));
        } else if (node instanceof List) {
            list(node).forEach(v -> collectSubs(v, found));
        }
    }

    static List<Map<String, Object>> authorizers(String apiType) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> api : resourcesOfType(apiType).values()) {
            Map<String, Object> auth = map(map(api.get("Properties")).getOrDefault("Auth", Map.of()));
            map(auth.getOrDefault("Authorizers", Map.of())).values().forEach(a -> found.add(map(a)));
        }
        return found;
    }

    static Map<String, Object> authorizer(String apiType, String payloadType) {
        return authorizers(apiType).stream()
                .filter(a -> payloadType.equals(a.getOrDefault("FunctionPayloadType", "TOKEN")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + payloadType + " authorizer on an " + apiType));
    }

    /** True unless the TTL is a literal 0 or a parameter that can only be 0. */
    static boolean mayCache(Object ttl) {
        if (ttl == null) {
            return true; // SAM's default TTL is 300 s
        }
        if (ttl instanceof Integer) {
            return (Integer) ttl > 0;
        }
        Object parameter = parameters().get(map(ttl).get("Ref"));
        return parameter == null || !Integer.valueOf(0).equals(map(parameter).get("MaxValue"));
    }

    /** Names referenced by Ref, Fn::GetAtt ("A.B") and ${...} inside Fn::Sub. */
    static List<String> references(Object node) {
        List<String> found = new ArrayList<>();
        collectReferences(node, found);
        return found;
    }

    private static void collectReferences(Object node, List<String> found) {
        if (node instanceof Map) {
            Map<String, Object> m = map(node);
            if (m.size() == 1 && m.get("Ref") instanceof String) {
                found.add((String) m.get("Ref"));
                return;
            }
            if (m.size() == 1 && m.containsKey("Fn::GetAtt")) {
                found.add(String.join(".", list(m.get("Fn::GetAtt")).stream().map(String::valueOf).toList()));
                return;
            }
            if (m.size() == 1 && m.containsKey("Fn::Sub")) {
                Object sub = m.get("Fn::Sub");
                String text = sub instanceof String ? (String) sub : (String) list(sub).get(0);
                Set<String> local = sub instanceof String ? Set.of() : map(list(sub).get(1)).keySet();
                Matcher matcher = Pattern.compile("\\$\\{([^!}][^}]*)}").matcher(text);
                while (matcher.find()) {
                    if (!local.contains(matcher.group(1))) {
                        found.add(matcher.group(1));
                    }
                }
                if (!(sub instanceof String)) {
                    collectReferences(list(sub).get(1), found);
                }
                return;
            }
            m.values().forEach(v -> collectReferences(v, found));
        } else if (node instanceof List) {
            list(node).forEach(v -> collectReferences(v, found));
        }
    }

    private static Set<String> conditionsUsed(Object node) {
        Set<String> found = new HashSet<>();
        collectConditions(node, found);
        return found;
    }

    private static void collectConditions(Object node, Set<String> found) {
        if (node instanceof Map) {
            Map<String, Object> m = map(node);
            if (m.get("Fn::If") instanceof List) {
                found.add((String) list(m.get("Fn::If")).get(0));
            }
            if (m.get("Condition") instanceof String) {
                found.add((String) m.get("Condition"));
            }
            m.values().forEach(v -> collectConditions(v, found));
        } else if (node instanceof List) {
            list(node).forEach(v -> collectConditions(v, found));
        }
    }

    /**
     * The function's environment as CloudFormation would set it for these parameter values (others
     * take their defaults); resources resolve to a placeholder physical id.
     */
    static Map<String, String> resolveEnvironment(Map<String, String> values) {
        Map<String, String> parameters = new HashMap<>();
        parameters().forEach((name, spec) -> {
            Object fallback = map(spec).get("Default");
            parameters.put(name, values.getOrDefault(name, fallback == null ? null : String.valueOf(fallback)));
        });
        Map<String, String> env = new LinkedHashMap<>();
        environment().forEach((name, value) -> {
            Object resolved = evaluate(value, parameters);
            if (resolved != NO_VALUE) {
                env.put(name, String.valueOf(resolved));
            }
        });
        env.putIfAbsent("AWS_REGION", "eu-west-1"); // Lambda sets it itself, in every function
        return env;
    }

    private static final Object NO_VALUE = new Object();

    private static Object evaluate(Object node, Map<String, String> parameters) {
        if (!(node instanceof Map)) {
            return node;
        }
        Map<String, Object> m = map(node);
        if (m.containsKey("Ref")) {
            String name = (String) m.get("Ref");
            if (name.equals("AWS::NoValue")) {
                return NO_VALUE;
            }
            if (parameters.containsKey(name)) {
                assertThat(parameters.get(name)).as("parameter %s has no value", name).isNotNull();
                return parameters.get(name);
            }
            return "stack-" + name + "-ABC123";
        }
        if (m.containsKey("Fn::If")) {
            List<Object> args = list(m.get("Fn::If"));
            Object condition = map(template.get("Conditions")).get(args.get(0));
            return Boolean.TRUE.equals(evaluate(condition, parameters))
                    ? evaluate(args.get(1), parameters) : evaluate(args.get(2), parameters);
        }
        if (m.containsKey("Fn::Not")) {
            return !Boolean.TRUE.equals(evaluate(list(m.get("Fn::Not")).get(0), parameters));
        }
        if (m.containsKey("Fn::Equals")) {
            List<Object> args = list(m.get("Fn::Equals"));
            return String.valueOf(evaluate(args.get(0), parameters)).equals(String.valueOf(evaluate(args.get(1), parameters)));
        }
        throw new AssertionError("the test cannot evaluate " + node);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    static Path projectDir() {
        return DevKey.projectDir();
    }
}
