package dev.tollgate.deploy;

import static dev.tollgate.deploy.TemplateConsistencyTest.authorizers;
import static dev.tollgate.deploy.TemplateConsistencyTest.list;
import static dev.tollgate.deploy.TemplateConsistencyTest.map;
import static dev.tollgate.deploy.TemplateConsistencyTest.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code template.yaml} usable by {@code sam local start-api}, as SAM CLI's code reads it
 * (aws/aws-sam-cli: {@code samcli/lib/providers/sam_api_provider.py},
 * {@code samcli/commands/local/lib/swagger/integration_uri.py}, {@code samcli/local/apigw/}):
 * every authorizer's {@code FunctionArn} resolves to the authorizer function, every demo route keeps
 * its own path and method (SAM CLI serves all APIs on one port and keeps one route per path and
 * method), and every function is invocable locally (no inline code).
 */
class SamLocalStartApiTest {

    /** SAM CLI's {@code LambdaUri}: the function ARN in an integration or authorizer URI, then its name. */
    static final Pattern SAM_CLI_FUNCTION_ARN = Pattern.compile("arn:aws:lambda:[^:]+:[^:]+:function:[^:/]+(?::[^/]+)?");
    static final Pattern SAM_CLI_FUNCTION_NAME = Pattern.compile(".*:function:([^:]*)");
    /** SAM CLI's identity-source validator (API Gateway v1 and v2 forms). */
    static final Pattern SAM_CLI_IDENTITY_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    /** The values SAM CLI's intrinsic resolver gives the pseudo parameters. */
    static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1", "AWS::AccountId", "123456789012",
            "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");

    @BeforeAll
    static void load() {
        TemplateConsistencyTest.load();
    }

    @Test
    void authorizerArnWhenResolvedAsSamCliDoesThenNamesTheAuthorizerFunction() {
        List<Map<String, Object>> all = authorizers("AWS::Serverless::Api");
        all.addAll(authorizers("AWS::Serverless::HttpApi"));
        assertThat(all).as("TOKEN, REQUEST, REQUEST uncached, HTTP API").hasSize(4);
        for (Map<String, Object> authorizer : all) {
            String arn = resolveLikeSamCli(authorizer.get("FunctionArn"));
            Matcher functionArn = SAM_CLI_FUNCTION_ARN.matcher(arn);
            assertThat(functionArn.find()).as("SAM CLI finds a function ARN in %s", arn).isTrue();
            Matcher name = SAM_CLI_FUNCTION_NAME.matcher(functionArn.group());
            assertThat(name.lookingAt()).as("re.match, as SAM CLI calls it").isTrue();
            assertThat(name.group(1)).isEqualTo(TemplateConsistencyTest.FUNCTION_ID);
            // ...and in AWS the same string is the alias ARN: "<function ARN>:<alias>".
            assertThat(arn).endsWith(":function:" + TemplateConsistencyTest.FUNCTION_ID + ":"
                    + TemplateConsistencyTest.function().get("AutoPublishAlias"));
        }
        assertThat(resourcesOfType("AWS::Serverless::Function")).containsKey(TemplateConsistencyTest.FUNCTION_ID);
    }

    @Test
    void aliasWhenReferencedByNameThenEveryReferenceNamesTheAliasSamPublishes() throws java.io.IOException {
        // The alias appears by name in each authorizer's FunctionArn and each API's DependsOn: a
        // rename of AutoPublishAlias must carry to every one, or API Gateway calls a missing alias.
        for (String file : List.of("template.yaml", ManagedInstancesTemplateTest.FILE)) {
            String text = java.nio.file.Files.readString(dev.tollgate.testing.DevKey.projectDir().resolve(file));
            Matcher published = Pattern.compile("AutoPublishAlias: (\\S+)").matcher(text);
            assertThat(published.find()).as(file).isTrue();
            String alias = published.group(1);
            Matcher arns = Pattern.compile("\\$\\{" + TemplateConsistencyTest.FUNCTION_ID + "\\.Arn}:([A-Za-z0-9_-]+)").matcher(text);
            Matcher dependsOn = Pattern.compile("DependsOn: " + TemplateConsistencyTest.FUNCTION_ID + "Alias(\\S+)").matcher(text);
            int references = 0;
            for (Matcher m : List.of(arns, dependsOn)) {
                while (m.find()) {
                    assertThat(m.group(1)).as("%s: %s", file, m.group()).isEqualTo(alias);
                    references++;
                }
            }
            assertThat(references).as("%s: four authorizer ARNs and three DependsOn", file).isEqualTo(7);
        }
    }

    @Test
    void routesWhenCollectedAsSamCliDoesThenEveryPathAndMethodOnceEachBehindItsApisAuthorizer() {
        Set<String> keys = new HashSet<>();
        Set<String> shapes = new HashSet<>();
        List<String> apis = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
            Map<String, Object> events = map(map(fn.get("Properties")).getOrDefault("Events", Map.of()));
            for (Object value : events.values()) {
                Map<String, Object> event = map(value);
                if (!List.of("Api", "HttpApi").contains(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = map(event.get("Properties"));
                String path = (String) properties.get("Path");
                String method = ((String) properties.get("Method")).toUpperCase(java.util.Locale.ROOT);
                assertThat(keys.add(path + method)).as("SAM CLI keeps one route for %s %s", method, path).isTrue();
                // Flask matches /orders/<id> and /orders/<other> alike: distinct also without parameter names.
                assertThat(shapes.add(path.replaceAll("\\{[^}]+}", "{}") + method)).as("%s %s", method, path).isTrue();
                String api = (String) map(properties.get(event.get("Type").equals("Api") ? "RestApiId" : "ApiId")).get("Ref");
                apis.add(api);
                // A route names an authorizer of its own API (SAM CLI reads Auth.Authorizer per route), or
                // uses the API's default.
                Map<String, Object> auth = map(map(TemplateConsistencyTest.resource(api).get("Properties")).get("Auth"));
                Object own = properties.get("Auth") == null ? null : map(properties.get("Auth")).get("Authorizer");
                assertThat(map(auth.get("Authorizers"))).as("authorizer of %s %s", method, path)
                        .containsKey(own != null ? (String) own : (String) auth.get("DefaultAuthorizer"));
            }
        });
        assertThat(apis).as("every demo API has a route").containsExactlyInAnyOrderElementsOf(
                List.of("DemoTokenRestApi", "DemoRequestRestApi", "DemoRequestRestApi", "DemoHttpApi"));
    }

    @Test
    void identitySourcesWhenReadAsSamCliDoesThenValidAndOneHeaderForToken() {
        Map<String, Object> token = TemplateConsistencyTest.authorizer("AWS::Serverless::Api", "TOKEN");
        assertThat((String) map(token.get("Identity")).get("Header")).matches(SAM_CLI_IDENTITY_NAME);
        List<Map<String, Object>> requests = new ArrayList<>(List.of(
                TemplateConsistencyTest.authorizer("AWS::Serverless::Api", "REQUEST")));
        requests.addAll(authorizers("AWS::Serverless::HttpApi"));
        for (Map<String, Object> authorizer : requests) {
            Map<String, Object> identity = map(authorizer.get("Identity"));
            for (String source : List.of("Headers", "QueryStrings", "Context", "StageVariables")) {
                if (identity.containsKey(source)) {
                    list(identity.get(source)).forEach(name -> assertThat((String) name).matches(SAM_CLI_IDENTITY_NAME));
                }
            }
        }
    }

    @Test
    void functionsWhenInvokedLocallyThenNoneHasInlineCodeAndTheDemoBackendShipsItsHandler() throws IOException {
        resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> assertThat(map(fn.get("Properties")))
                .as("%s: sam local refuses to invoke inline code", id).doesNotContainKey("InlineCode"));
        Map<String, Object> backend = map(TemplateConsistencyTest.resource("DemoBackendFunction").get("Properties"));
        String handler = (String) backend.get("Handler");
        Path module = TemplateConsistencyTest.projectDir().resolve((String) backend.get("CodeUri"))
                .resolve(handler.substring(0, handler.indexOf('.')) + ".py");
        assertThat(Files.readString(module, StandardCharsets.UTF_8))
                .contains("def " + handler.substring(handler.indexOf('.') + 1) + "(event, context):");
    }

    /**
     * The value SAM CLI's intrinsic resolver leaves for {@code FunctionArn}: pseudo parameters
     * substituted and {@code ${Function.Arn}} as {@code arn:aws:lambda:<region>:<account>:function:<logical id>}.
     * Anything else (a Ref to {@code Function.Alias}, say) stays unresolved, as in SAM CLI.
     */
    static String resolveLikeSamCli(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        Map<String, Object> intrinsic = map(value);
        if (!intrinsic.containsKey("Fn::Sub") || !(intrinsic.get("Fn::Sub") instanceof String)) {
            return String.valueOf(value);
        }
        String text = (String) intrinsic.get("Fn::Sub");
        for (Map.Entry<String, String> pseudo : PSEUDO.entrySet()) {
            text = text.replace("${" + pseudo.getKey() + "}", pseudo.getValue());
        }
        return text.replaceAll("\\$\\{([A-Za-z0-9]+)\\.Arn}", "arn:aws:lambda:us-east-1:123456789012:function:$1");
    }
}
