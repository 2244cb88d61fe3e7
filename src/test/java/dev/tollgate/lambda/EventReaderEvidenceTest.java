package dev.tollgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.token.SenderEvidence;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the edge copies out of an event for sender-constrained tokens, at the paths AWS's own events
 * use: {@code requestContext.identity.clientCert.clientCertPem} for REST and HTTP API 1.0
 * (aws-lambda-go {@code apigw-custom-auth-request-type-request.json}, the HTTP API guide's 1.0
 * example), {@code requestContext.authentication.clientCert.clientCertPem} for HTTP API 2.0 (the
 * guide's 2.0 example), read from those events themselves (src/test/resources/aws-events).
 */
class EventReaderEvidenceTest {
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request";
    private static final Path EVENTS = Path.of("src/test/resources/aws-events");
    private final EventReader reader = new EventReader("Authorization");

    private SenderEvidence evidence(String json) throws Exception {
        return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).evidence().get();
    }

    @Test
    void restRequestWhenMutualTlsThenCertificateMethodHostAndContextPath() throws Exception {
        SenderEvidence e = evidence("{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"path\":\"/request\","
                + "\"httpMethod\":\"GET\",\"headers\":{\"Host\":\"s4x3opwd6i.execute-api.us-east-1.amazonaws.com\","
                + "\"DPoP\":\"p.r.f\"},\"multiValueHeaders\":{\"Host\":[\"s4x3opwd6i.execute-api.us-east-1.amazonaws.com\"],"
                + "\"DPoP\":[\"p.r.f\"]},\"requestContext\":{\"path\":\"/test/request\",\"stage\":\"test\","
                + "\"identity\":{\"clientCert\":{\"clientCertPem\":\"-----BEGIN CERTIFICATE-----\\nMIIEZTCCAk0CAQEwDQ...\"}}}}");
        assertThat(e).isEqualTo(new SenderEvidence("-----BEGIN CERTIFICATE-----\nMIIEZTCCAk0CAQEwDQ...", "p.r.f", false,
                "GET", "s4x3opwd6i.execute-api.us-east-1.amazonaws.com", "/test/request"));
    }

    @Test
    void httpV1WhenMutualTlsThenIdentityClientCert() throws Exception {
        SenderEvidence e = evidence("{\"version\":\"1.0\",\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\","
                + "\"httpMethod\":\"POST\",\"headers\":{},\"requestContext\":{\"path\":\"/request\","
                + "\"identity\":{\"clientCert\":{\"clientCertPem\":\"CERT_CONTENT\"}}}}");
        assertThat(e.clientCertificatePem()).isEqualTo("CERT_CONTENT");
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.path()).isEqualTo("/request");
        assertThat(e.host()).isNull();
    }

    @Test
    void httpV2WhenMutualTlsThenAuthenticationClientCertAndRawPath() throws Exception {
        SenderEvidence e = evidence("{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"" + ARN + "\","
                + "\"identitySource\":[\"user1\"],\"rawPath\":\"/my/path\",\"headers\":{\"host\":\"id.example\","
                + "\"dpop\":\"a.b.c\"},\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"/my/path\"},"
                + "\"authentication\":{\"clientCert\":{\"clientCertPem\":\"CERT_CONTENT\"}}}}");
        assertThat(e).isEqualTo(new SenderEvidence("CERT_CONTENT", "a.b.c", false, "POST", "id.example", "/my/path"));
    }

    @Test
    void whenTwoDpopValuesOrTwoHostsThenAmbiguousProofAndNoHost() throws Exception {
        SenderEvidence e = evidence("{\"type\":\"REQUEST\",\"methodArn\":\"" + ARN + "\",\"httpMethod\":\"GET\","
                + "\"headers\":{\"DPoP\":\"x.y.z\",\"Host\":\"a.example\"},\"multiValueHeaders\":{\"DPoP\":[\"x.y.z\",\"x.y.z\"],"
                + "\"Host\":[\"a.example\",\"b.example\"]},\"requestContext\":{\"path\":\"/p\"}}");
        assertThat(e.dpopAmbiguous()).isTrue();
        assertThat(e.host()).isNull();
    }

    @Test
    void awsWrittenEventsWhenMutualTlsThenCertificateAtTheirPaths() throws Exception {
        SenderEvidence rest = evidence(Files.readString(EVENTS.resolve("go-rest-request-multivalue.json")));
        assertThat(rest.clientCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----\nMIIEZTCCAk0CAQEwDQ");
        assertThat(rest.method()).isEqualTo("GET");
        assertThat(rest.host()).isEqualTo("....execute-api.us-east-1.amazonaws.com");
        assertThat(rest.path()).isEqualTo("/request");
        SenderEvidence v1 = evidence(Files.readString(EVENTS.resolve("docs-http-v1.json")));
        assertThat(v1.clientCertificatePem()).isEqualTo("CERT_CONTENT");
        SenderEvidence v2 = evidence(Files.readString(EVENTS.resolve("docs-http-v2.json")));
        assertThat(v2.clientCertificatePem()).isEqualTo("CERT_CONTENT");
        assertThat(v2.method()).isEqualTo("POST");
        assertThat(v2.path()).isEqualTo("/my/path");
        assertThat(evidence(Files.readString(EVENTS.resolve("java-http-v2.json"))).clientCertificatePem()).isNull();
    }

    @Test
    void tokenEventCarriesNoEvidence() throws Exception {
        assertThat(evidence("{\"type\":\"TOKEN\",\"authorizationToken\":\"DPoP x\",\"methodArn\":\"" + ARN + "\"}"))
                .isEqualTo(SenderEvidence.NONE);
    }
}
