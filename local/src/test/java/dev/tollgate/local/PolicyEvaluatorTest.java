package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.local.PolicyEvaluator.Verdict;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:local/dev/GET/orders/42";
    static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:local/dev/";

    static JsonNode policy(String statements) throws Exception {
        return new ObjectMapper().readTree("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}");
    }

    static String statement(String effect, String resource) {
        return "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"" + effect + "\",\"Resource\":" + resource + "}";
    }

    @Test
    void evaluateWhenAllowResourceHasWildcardThenAllow() throws Exception {
        assertThat(PolicyEvaluator.evaluate(policy("[" + statement("Allow", "[\"" + PREFIX + "GET/orders/*\"]") + "]"), ARN))
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void evaluateWhenStarCrossesSlashesThenAllow() throws Exception {
        String arn = PREFIX + "GET/orders/42/items/7";
        assertThat(PolicyEvaluator.evaluate(policy(statement("Allow", "\"" + PREFIX + "*/orders/*\"")), arn))
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void evaluateWhenNoResourceMatchesThenImplicitDeny() throws Exception {
        assertThat(PolicyEvaluator.evaluate(policy("[" + statement("Allow", "\"" + PREFIX + "POST/orders\"") + "]"), ARN))
                .isEqualTo(Verdict.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(policy("[" + statement("Allow", "\"" + PREFIX + "GET/orders/*\"") + "]"),
                PREFIX + "GET/orders")).isEqualTo(Verdict.IMPLICIT_DENY);
    }

    @Test
    void evaluateWhenAllowAndDenyBothMatchThenExplicitDenyWins() throws Exception {
        String doc = "[" + statement("Allow", "\"" + PREFIX + "*\"") + "," + statement("Deny", "\"" + PREFIX + "GET/*\"") + "]";
        assertThat(PolicyEvaluator.evaluate(policy(doc), ARN)).isEqualTo(Verdict.EXPLICIT_DENY);
    }

    @Test
    void evaluateWhenHttpApiDefaultStageRouteArnThenDollarIsLiteralAndDenyOfARouteWins() throws Exception {
        String http = "arn:aws:execute-api:us-east-1:123456789012:local/$default/";
        String doc = "[" + statement("Allow", "[\"" + http + "GET/orders\",\"" + http + "*/orders/*\"]") + ","
                + statement("Deny", "\"" + http + "DELETE/orders/*\"") + "]";
        assertThat(PolicyEvaluator.evaluate(policy(doc), http + "GET/orders")).isEqualTo(Verdict.ALLOW);
        assertThat(PolicyEvaluator.evaluate(policy(doc), http + "PUT/orders/7")).isEqualTo(Verdict.ALLOW);
        assertThat(PolicyEvaluator.evaluate(policy(doc), http + "DELETE/orders/7")).isEqualTo(Verdict.EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(policy(doc), http + "POST/orders")).isEqualTo(Verdict.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(policy(doc), PREFIX + "GET/orders")).isEqualTo(Verdict.IMPLICIT_DENY);
    }

    @Test
    void evaluateWhenActionIsNotInvokeThenStatementIgnored() throws Exception {
        String doc = "{\"Action\":\"execute-api:ManageConnections\",\"Effect\":\"Allow\",\"Resource\":\"*\"}";
        assertThat(PolicyEvaluator.evaluate(policy(doc), ARN)).isEqualTo(Verdict.IMPLICIT_DENY);
        String star = "{\"Action\":[\"*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"}";
        assertThat(PolicyEvaluator.evaluate(policy(star), ARN)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void evaluateWhenQuestionMarkThenMatchesOneCharacter() {
        assertThat(PolicyEvaluator.wildcardMatch("a?c", "abc")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a?c", "ac")).isFalse();
        assertThat(PolicyEvaluator.wildcardMatch("*", "")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a*b*c", "aXXbYYc")).isTrue();
        assertThat(PolicyEvaluator.wildcardMatch("a*b*c", "aXXbYY")).isFalse();
    }

    @Test
    void evaluateWhenDocumentMalformedThenThrows() throws Exception {
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(new ObjectMapper().readTree("{}"), ARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Statement");
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(policy(statement("Maybe", "\"*\"")), ARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Effect");
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(
                policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":\"x\"}"), ARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NotResource");
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(policy("{\"Effect\":\"Allow\",\"Action\":\"*\"}"), ARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Resource");
    }
}
