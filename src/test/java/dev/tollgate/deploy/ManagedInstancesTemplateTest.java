package dev.tollgate.deploy;

import static dev.tollgate.deploy.TemplateConsistencyTest.FUNCTION_ID;
import static dev.tollgate.deploy.TemplateConsistencyTest.list;
import static dev.tollgate.deploy.TemplateConsistencyTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.RuntimeSettings;
import dev.tollgate.config.SettingsReader;
import dev.tollgate.testing.DevKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code template-managed-instances.yaml} (the authorizer on Lambda Managed Instances) equal to
 * {@code template.yaml} wherever the two do not differ on purpose, so every check of
 * {@link TemplateConsistencyTest} holds for it too, and checks what Managed Instances need: a
 * capacity provider in the given subnets, a published alias, no SnapStart, at least 2 GB per
 * environment, a Java 21+ runtime, and an init that primes itself.
 */
class ManagedInstancesTemplateTest {

    static final String FILE = "template-managed-instances.yaml";
    /** The function properties that differ on purpose: SnapStart there, a capacity provider here. */
    static final Set<String> COMPUTE_PROPERTIES = Set.of("SnapStart", "CapacityProviderConfig");
    /** Parameters that differ on purpose (values checked below), or exist in one template only. */
    static final Set<String> OWN_PARAMETERS = Set.of("SnapStart", "MemorySize", "Runtime", "Architecture",
            "SubnetIds", "SecurityGroupIds", "MaxConcurrency", "MaxVCpuCount");

    static Map<String, Object> standard;
    static Map<String, Object> managed;

    @BeforeAll
    static void load() {
        TemplateConsistencyTest.load();
        standard = CfnYaml.load(DevKey.projectDir().resolve("template.yaml"));
        managed = CfnYaml.load(DevKey.projectDir().resolve(FILE));
    }

    @Test
    void resourcesWhenComparedThenEveryOtherResourceOfTemplateYamlIsTheSame() {
        Map<String, Object> ours = map(managed.get("Resources"));
        map(standard.get("Resources")).forEach((id, resource) -> {
            if (!id.equals(FUNCTION_ID)) {
                assertThat(ours.get(id)).as("%s as in template.yaml", id).isEqualTo(resource);
            }
        });
        assertThat(managed.get("Transform")).isEqualTo(standard.get("Transform"));
    }

    @Test
    void functionWhenComparedThenOnlyTheComputeDiffers() {
        Map<String, Object> ours = new LinkedHashMap<>(function(managed));
        Map<String, Object> theirs = new LinkedHashMap<>(function(standard));
        assertThat(theirs).containsKey("SnapStart");
        assertThat(ours).doesNotContainKey("SnapStart").containsKey("CapacityProviderConfig");
        COMPUTE_PROPERTIES.forEach(ours::remove);
        COMPUTE_PROPERTIES.forEach(theirs::remove);
        // Environment, policies, handler, alias, logging, runtime and memory parameters: the same.
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.get("AutoPublishAlias")).as("Managed Instances run published versions only").isEqualTo("live");
    }

    @Test
    void capacityProviderWhenDeclaredThenInTheGivenSubnetsWithTheFunctionsArchitecture() {
        Map<String, Object> config = map(function(managed).get("CapacityProviderConfig"));
        Map<String, Object> arn = map(config.get("Arn"));
        String providerId = (String) list(arn.get("Fn::GetAtt")).get(0);
        assertThat(list(arn.get("Fn::GetAtt")).get(1)).isEqualTo("Arn");
        Map<String, Object> provider = map(map(managed.get("Resources")).get(providerId));
        assertThat(provider.get("Type")).isEqualTo("AWS::Serverless::CapacityProvider");
        Map<String, Object> properties = map(provider.get("Properties"));
        Map<String, Object> vpc = map(properties.get("VpcConfig"));
        assertThat(vpc.get("SubnetIds")).isEqualTo(Map.of("Ref", "SubnetIds"));
        assertThat(vpc.get("SecurityGroupIds")).isEqualTo(Map.of("Ref", "SecurityGroupIds"));
        assertThat(map(parameters(managed).get("SubnetIds")).get("Type")).isEqualTo("List<AWS::EC2::Subnet::Id>");
        assertThat(map(parameters(managed).get("SecurityGroupIds")).get("Type"))
                .isEqualTo("List<AWS::EC2::SecurityGroup::Id>");
        assertThat(map(properties.get("InstanceRequirements")).get("Architectures"))
                .isEqualTo(function(managed).get("Architectures"));
        assertThat(map(properties.get("ScalingConfig")).get("MaxVCpuCount")).isEqualTo(Map.of("Ref", "MaxVCpuCount"));
        // 0 leaves Lambda's default (32 per vCPU for Java) in place.
        assertThat(config.get("PerExecutionEnvironmentMaxConcurrency")).isEqualTo(Map.of("Fn::If",
                List.of("HasMaxConcurrency", Map.of("Ref", "MaxConcurrency"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(map(parameters(managed).get("MaxConcurrency")).get("Default")).isEqualTo(0);
        assertThat(map(managed.get("Outputs"))).containsKey("CapacityProviderArn");
    }

    @Test
    void parametersWhenComparedThenSharedOnesEqualAndManagedInstancesLimitsHeld() {
        Map<String, Object> ours = parameters(managed);
        parameters(standard).forEach((name, spec) -> {
            if (!OWN_PARAMETERS.contains(name)) {
                assertThat(ours.get(name)).as("parameter %s as in template.yaml", name).isEqualTo(spec);
            }
        });
        assertThat(ours).doesNotContainKey("SnapStart");
        Map<String, Object> memory = map(ours.get("MemorySize"));
        assertThat((Integer) memory.get("MinValue")).as("Managed Instances: 2 GB per environment at least")
                .isGreaterThanOrEqualTo(2048);
        assertThat((Integer) memory.get("Default")).isGreaterThanOrEqualTo((Integer) memory.get("MinValue"));
        for (String shared : List.of("Runtime", "Architecture")) {
            Map<String, Object> mine = map(ours.get(shared));
            Map<String, Object> theirs = map(parameters(standard).get(shared));
            assertThat(mine.get("AllowedValues")).isEqualTo(theirs.get("AllowedValues"));
            assertThat(mine.get("Default")).isEqualTo(theirs.get("Default"));
        }
        for (Object runtime : list(map(ours.get("Runtime")).get("AllowedValues"))) {
            assertThat(Integer.parseInt(((String) runtime).substring("java".length())))
                    .as("Managed Instances run Java 21 and later").isGreaterThanOrEqualTo(21);
        }
        assertThat(map(managed.get("Outputs"))).containsAllEntriesOf(map(standard.get("Outputs")));
        assertThat(map(managed.get("Conditions"))).containsAllEntriesOf(map(standard.get("Conditions")));
    }

    @Test
    void parameterGroupsWhenListedThenEveryParameterOnceInBothTemplates() {
        for (Map<String, Object> template : List.of(standard, managed)) {
            Map<String, Integer> seen = new HashMap<>();
            List<Object> groups = list(map(map(template.get("Metadata")).get("AWS::CloudFormation::Interface"))
                    .get("ParameterGroups"));
            for (Object group : groups) {
                list(map(group).get("Parameters")).forEach(p -> seen.merge((String) p, 1, Integer::sum));
            }
            assertThat(seen.keySet()).isEqualTo(parameters(template).keySet());
            assertThat(seen.values()).containsOnly(1);
        }
    }

    @Test
    void initWhenOnManagedInstancesThenSettingsAcceptTheEnvironmentAndPrimeAtInit() {
        Map<String, String> env = new HashMap<>(TemplateConsistencyTest.resolveEnvironment(
                Map.of("Issuer", "https://issuer.example.com", "Audience", "orders-api")));
        // What Lambda sets in a Managed Instances execution environment.
        env.put("AWS_LAMBDA_FUNCTION_NAME", "tollgate");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances");
        RuntimeSettings runtime = SettingsReader.read(env).runtime();
        assertThat(runtime.primeAtInit()).isTrue();
        assertThat(runtime.priming()).isTrue();
        assertThat(runtime.snapStart()).isFalse();
        assertThat(map(map(function(managed).get("Environment")).get("Variables")))
                .doesNotContainKey("TOLLGATE_PRIMING");
    }

    static Map<String, Object> function(Map<String, Object> template) {
        return map(map(map(template.get("Resources")).get(FUNCTION_ID)).get("Properties"));
    }

    static Map<String, Object> parameters(Map<String, Object> template) {
        return map(template.get("Parameters"));
    }
}
