package dev.tollgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.CapturedLog;
import dev.tollgate.testing.InMemoryPermissionStore;
import dev.tollgate.testing.MutableClock;
import dev.tollgate.testing.TestSettings;
import dev.tollgate.testing.TestTokens;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code "Bearer" 1*SP b64token} (RFC 6750 section 2.1) in every event shape: one or more spaces
 * pass, a tab is {@code NOT_BEARER} (401; the HTTP API simple response's {@code isAuthorized: false}),
 * whether the credential comes from a TOKEN event's {@code authorizationToken}, a header or the
 * identity source.
 */
class BearerSeparatorHandlerTest {
    private static final String ARN = AuthorizerHandlerTest.ARN;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    private final HandlerHarness handler = new HandlerHarness(TestSettings.inlineKeys().build(),
            new InMemoryPermissionStore().grant("alice", "GET /orders/*"), MutableClock.atTestNow());

    /** JSON string content: the tab escaped, as API Gateway sends it. */
    private static String json(String value) {
        return "\"" + value.replace("\t", "\\t") + "\"";
    }

    static Stream<Arguments> shapes() {
        Function<String, String> token = value -> "{\"type\":\"TOKEN\",\"authorizationToken\":" + json(value)
                + ",\"methodArn\":\"" + ARN + "\"}";
        Function<String, String> restRequest = value -> "{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\","
                + "\"headers\":{\"Authorization\":" + json(value) + "},\"requestContext\":{\"requestId\":\"r\"}}";
        Function<String, String> httpV1 = value -> "{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"" + ARN
                + "\",\"identitySource\":" + json(value) + ",\"headers\":{}}";
        Function<String, String> httpV2Header = value -> "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN
                + "\",\"identitySource\":[" + json(value) + "],\"headers\":{\"authorization\":" + json(value) + "}}";
        Function<String, String> httpV2IdentitySource = value -> "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\""
                + ARN + "\",\"identitySource\":[" + json(value) + "]}";
        return Stream.of(Arguments.of("TOKEN", token), Arguments.of("REST REQUEST", restRequest),
                Arguments.of("HTTP 1.0 identity source", httpV1), Arguments.of("HTTP 2.0 header", httpV2Header),
                Arguments.of("HTTP 2.0 identity source", httpV2IdentitySource));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void invokeWhenTabAfterBearerThenUnauthorizedNotBearer(String shape, Function<String, String> event) throws Exception {
        String jwt = TestTokens.token().sign();
        for (String separator : new String[] {"\t", " \t", "\t "}) {
            String request = event.apply("Bearer" + separator + jwt);
            if (shape.startsWith("HTTP 2.0")) {
                assertThat(handler.invoke(request)).as(shape).contains("\"isAuthorized\":false");
            } else {
                assertThatThrownBy(() -> handler.invoke(request)).as(shape).isInstanceOf(UnauthorizedException.class);
            }
        }
        assertThat(log.text()).contains("\"reason\":\"NOT_BEARER\"").doesNotContain("\"reason\":\"ALLOWED\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void invokeWhenSpacesAfterBearerThenVerified(String shape, Function<String, String> event) throws Exception {
        String jwt = TestTokens.token().sign();
        for (String separator : new String[] {" ", "   "}) {
            assertThat(handler.invoke(event.apply("Bearer" + separator + jwt))).as(shape)
                    .containsAnyOf("\"Effect\":\"Allow\"", "\"isAuthorized\":true");
        }
    }
}
