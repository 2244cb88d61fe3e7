package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testing.DevKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both templates through AWS's own tools, where they are installed: {@code cfn-lint} (which runs the
 * SAM transform and checks SAM's and CloudFormation's schemas) reports nothing, and the SAM
 * translator ({@code aws-sam-translator}) produces authorizers that invoke the alias, an HTTP API
 * result cache that is an integer, and (Managed Instances) a function on its capacity provider
 * without SnapStart. Skipped, saying so, when {@code cfn-lint} or the translator is missing.
 */
class SamToolsIT {

    static final Path PROJECT = DevKey.projectDir();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Object> ALIAS_ARN = Map.of("Fn::Sub", "${AuthorizerFunction.Arn}:live");
    static final String ALIAS_ID = "AuthorizerFunctionAliaslive";

    @ParameterizedTest
    @ValueSource(strings = {"template.yaml", ManagedInstancesTemplateTest.FILE})
    void cfnLintWhenRunThenReportsNothing(String file) throws Exception {
        assumeTrue(available("cfn-lint", "--version"), "cfn-lint is not installed");
        Result lint = run(List.of("cfn-lint", "--", file));
        assertThat(lint.output).as("cfn-lint %s", file).isEmpty();
        assertThat(lint.exit).isZero();
    }

    @Test
    void translatorWhenRunThenEveryAuthorizerInvokesTheAliasOnceItExists(@TempDir Path dir) throws Exception {
        JsonNode resources = translate("template.yaml", dir).path("Resources");
        assertThat(resources.has(ALIAS_ID)).isTrue();
        assertThat(resources.path(ALIAS_ID).path("Type").asText()).isEqualTo("AWS::Lambda::Alias");
        int authorizers = 0;
        for (String api : List.of("DemoTokenRestApi", "DemoRequestRestApi", "DemoHttpApi")) {
            JsonNode resource = resources.path(api);
            assertThat(resource.path("DependsOn").toString()).as("%s DependsOn the alias", api).contains(ALIAS_ID);
            JsonNode body = resource.path("Properties").path("Body");
            JsonNode schemes = body.has("securityDefinitions") ? body.path("securityDefinitions")
                    : body.path("components").path("securitySchemes");
            for (JsonNode scheme : schemes) {
                JsonNode authorizer = scheme.path("x-amazon-apigateway-authorizer");
                JsonNode uri = authorizer.path("authorizerUri").path("Fn::Sub");
                assertThat(JSON.convertValue(uri.get(1).path("__FunctionArn__"), Map.class)).isEqualTo(ALIAS_ARN);
                assertThat(authorizer.path("authorizerResultTtlInSeconds").isInt())
                        .as("%s: the result TTL is a number in the OpenAPI body", api).isTrue();
                authorizers++;
            }
        }
        assertThat(authorizers).as("TOKEN, REQUEST, REQUEST uncached, HTTP API").isEqualTo(4);
        int permissions = 0;
        for (JsonNode resource : resources) {
            if (resource.path("Type").asText().equals("AWS::Lambda::Permission")
                    && resource.path("Properties").path("SourceArn").toString().contains("/authorizers/*")) {
                assertThat(JSON.convertValue(resource.path("Properties").path("FunctionName"), Map.class)).isEqualTo(ALIAS_ARN);
                permissions++;
            }
        }
        assertThat(permissions).as("one invoke permission per authorizer").isEqualTo(4);
    }

    @Test
    void translatorWhenManagedInstancesThenTheFunctionRunsOnItsCapacityProviderWithoutSnapStart(@TempDir Path dir)
            throws Exception {
        JsonNode resources = translate(ManagedInstancesTemplateTest.FILE, dir, "SubnetIds=subnet-0a,subnet-0b",
                "SecurityGroupIds=sg-0a").path("Resources");
        JsonNode function = resources.path(TemplateConsistencyTest.FUNCTION_ID).path("Properties");
        assertThat(function.has("SnapStart")).isFalse();
        JsonNode config = function.path("CapacityProviderConfig").path("LambdaManagedInstancesCapacityProviderConfig");
        String provider = config.path("CapacityProviderArn").path("Fn::GetAtt").path(0).asText();
        assertThat(resources.path(provider).path("Type").asText()).isEqualTo("AWS::Lambda::CapacityProvider");
        assertThat(resources.path(provider).path("Properties").path("VpcConfig").path("SubnetIds").toString())
                .contains("SubnetIds");
        assertThat(resources.has(ALIAS_ID)).as("a published version behind the alias").isTrue();
    }

    private static JsonNode translate(String file, Path dir, String... parameters) throws Exception {
        assumeTrue(available("python3", "-c", "import samtranslator"), "aws-sam-translator is not installed");
        Path script = dir.resolve("sam_translate.py");
        try (InputStream in = SamToolsIT.class.getResourceAsStream("sam_translate.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), file,
                "Issuer=https://issuer.example.com", "Audience=orders-api"));
        command.addAll(List.of(parameters));
        Result result = run(command);
        assertThat(result.exit).as("the SAM translator: %s", result.output).isZero();
        return JSON.readTree(result.output);
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        // The translator needs a region; nothing here calls AWS.
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
    }

    private static boolean available(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
