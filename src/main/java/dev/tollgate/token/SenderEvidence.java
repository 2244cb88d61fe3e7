package dev.tollgate.token;

/**
 * What a request carries that a sender-constrained token is checked against, as raw strings the
 * edge copied from the event: nothing here is parsed or trusted yet.
 *
 * @param clientCertificatePem the client certificate of a mutual-TLS connection, PEM, as API Gateway
 *                             forwards it; null when the event has none
 * @param dpopProof            the {@code DPoP} header's value; null when absent
 * @param dpopAmbiguous        true when the request carried more than one {@code DPoP} header value
 *                             (RFC 9449 section 4.3 allows exactly one)
 * @param method               the HTTP method the client called; null when the event has none
 * @param host                 the {@code Host} header; null when absent or given more than once with
 *                             differing values
 * @param path                 the path the client called (REST: {@code requestContext.path}; HTTP API:
 *                             {@code rawPath}); null when the event has none
 */
public record SenderEvidence(String clientCertificatePem, String dpopProof, boolean dpopAmbiguous, String method,
        String host, String path) {

    /** An event that carries nothing to bind to: a REST TOKEN event. */
    public static final SenderEvidence NONE = new SenderEvidence(null, null, false, null, null, null);
}
