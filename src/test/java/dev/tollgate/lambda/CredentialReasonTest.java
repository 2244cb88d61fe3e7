package dev.tollgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One reason for one credential, whatever the event shape: a credential that is not a bearer token
 * ({@code Basic ...}, the API Gateway guide's {@code allow}, identity-source values such as
 * {@code user1}) is {@code NOT_BEARER}, as a REST TOKEN event says for it; an event with no
 * credential at all is {@code MISSING_TOKEN}.
 */
class CredentialReasonTest {
    private static final String ARN = AuthorizerHandlerTest.ARN;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final HandlerHarness handler = new HandlerHarness(TestSettings.inlineKeys().build(),
            new InMemoryPermissionStore().grant("alice", "GET /orders/*"), MutableClock.atTestNow());

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tollgate.lambda.BearerSeparatorHandlerTest#shapes")
    void invokeWhenTheCredentialIsNotBearerThenNotBearerInEveryShape(String shape, Function<String, String> event) {
        for (String credential : new String[] {"Basic dXNlcjpwYXNz", "allow", "user1"}) {
            refused(shape, event.apply(credential));
            assertThat(log.text()).as(shape + " " + credential).contains("\"reason\":\"NOT_BEARER\"")
                    .doesNotContain("\"reason\":\"MISSING_TOKEN\"");
            log.clear();
        }
    }

    @Test
    void invokeWhenHttpApiIdentitySourcesHoldOtherValuesThenNotBearer() {
        // The guide's payload 2.0 example: identity sources ["user1", "123"], no Authorization header.
        refused("HTTP 2.0", "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN
                + "\",\"identitySource\":[\"user1\",\"123\"],\"headers\":{\"header1\":\"value1\"}}");
        assertThat(log.text()).contains("\"reason\":\"NOT_BEARER\"");
    }

    @Test
    void invokeWhenNoCredentialAnywhereThenMissingToken() {
        refused("TOKEN", "{\"type\":\"TOKEN\",\"methodArn\":\"" + ARN + "\"}");
        refused("REST REQUEST", "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"headers\":{}}");
        refused("HTTP 1.0", "{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"headers\":{}}");
        refused("HTTP 2.0", "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN
                + "\",\"identitySource\":[\"\"],\"headers\":{}}");
        assertThat(log.text()).contains("\"reason\":\"MISSING_TOKEN\"").doesNotContain("\"reason\":\"NOT_BEARER\"");
    }

    private void refused(String shape, String request) {
        if (shape.startsWith("HTTP 2.0")) {
            try {
                assertThat(handler.invoke(request)).as(shape).contains("\"isAuthorized\":false");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            assertThatThrownBy(() -> handler.invoke(request)).as(shape).isInstanceOf(UnauthorizedException.class);
        }
    }
}
